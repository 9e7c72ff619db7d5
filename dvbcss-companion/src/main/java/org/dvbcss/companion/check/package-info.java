/**
 * A conformance and diagnostics check of a TV's DVB-CSS servers (CSS-CII, CSS-WC, CSS-TS, the
 * WebSocket transport, and DIAL when the TV is discovered): {@link
 * org.dvbcss.companion.check.Checker} runs the {@link org.dvbcss.companion.check.Rules} and gives a
 * {@link org.dvbcss.companion.check.CheckReport}.
 */
@NullMarked
package org.dvbcss.companion.check;

import org.jspecify.annotations.NullMarked;
