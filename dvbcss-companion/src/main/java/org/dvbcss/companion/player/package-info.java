/**
 * Keeping a media player in step with the TV's timeline: {@link
 * org.dvbcss.companion.player.PlayerSynchroniser} drives a {@link
 * org.dvbcss.companion.player.Player} by rate and seeks, with accuracy alerts and CSS-TS timing
 * reports; {@link org.dvbcss.companion.player.SimulatedPlayer} is a player with real players'
 * faults, and {@link org.dvbcss.companion.player.LinePlayer} drives an external player over a line
 * protocol.
 */
@NullMarked
package org.dvbcss.companion.player;

import org.jspecify.annotations.NullMarked;
