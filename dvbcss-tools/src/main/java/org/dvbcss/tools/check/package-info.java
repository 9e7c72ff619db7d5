/**
 * The {@code check} command: runs {@link org.dvbcss.companion.check.Checker} against a TV's CSS-CII
 * URL and prints its verdicts as text, JSON lines or a standalone HTML report. Parsing and printing
 * only; every check lives in {@code org.dvbcss.companion.check}.
 */
@NullMarked
package org.dvbcss.tools.check;

import org.jspecify.annotations.NullMarked;
