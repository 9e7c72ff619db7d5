/**
 * The companion's decisions that need no socket.
 *
 * <ul>
 *   <li>{@link org.dvbcss.protocol.companion.FollowPlan}: given the TV's CII state and an optional
 *       timeline selector, which CSS-WC server and which CSS-TS endpoint, content id stem, timeline
 *       and tick rate to follow, and what is wrong if something cannot be followed.
 *   <li>{@link org.dvbcss.protocol.companion.TsTarget}: what a CSS-TS connection follows.
 * </ul>
 *
 * <p><b>Units.</b> Tick rates are timeline ticks per second.
 *
 * <p><b>Threading.</b> Every type here is immutable and thread safe.
 */
@NullMarked
package org.dvbcss.protocol.companion;

import org.jspecify.annotations.NullMarked;
