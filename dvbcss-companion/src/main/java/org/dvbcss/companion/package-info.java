/**
 * The companion role: {@link org.dvbcss.companion.Companion} follows a TV from its CSS-CII URL
 * alone (CII, then the wall clock and the timeline it advertises), reconnecting when the TV goes
 * away and comes back, and gives the application a wall clock and a timeline clock with their error
 * bounds.
 */
@NullMarked
package org.dvbcss.companion;

import org.jspecify.annotations.NullMarked;
