/**
 * CSS-TS over WebSocket. The TV side: {@link org.dvbcss.net.ts.TsServer} is the TV's endpoint
 * (mounted at {@code /ts} on a {@link org.dvbcss.net.ws.WebSocketServer}); {@link
 * org.dvbcss.net.ts.TimelineSource}s supply its control timestamps: {@link
 * org.dvbcss.net.ts.ClockTimelineSource} follows a timeline clock under the wall clock and pushes
 * every real change by itself, {@link org.dvbcss.net.ts.FixedTimelineSource} sends what it is set
 * to. The companion side: {@link org.dvbcss.net.ts.TsClient} is the connection, and {@link
 * org.dvbcss.net.ts.TsClockController} keeps a timeline clock following the TV.
 */
@NullMarked
package org.dvbcss.net.ts;

import org.jspecify.annotations.NullMarked;
