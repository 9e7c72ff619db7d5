/**
 * The {@code companion} command: a companion device that follows a TV from its CSS-CII URL alone
 * (CII, then the wall clock and the timeline it advertises), printing what {@link
 * org.dvbcss.companion.Companion} sees.
 */
@NullMarked
package org.dvbcss.tools.companion;

import org.jspecify.annotations.NullMarked;
