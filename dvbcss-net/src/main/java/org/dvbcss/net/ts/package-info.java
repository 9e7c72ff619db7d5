/**
 * CSS-TS over WebSocket. The TV side: {@link org.dvbcss.net.ts.TsServer} is the TV's endpoint
 * (mounted at {@code /ts} on a {@link org.dvbcss.net.ws.WebSocketServer}); {@link
 * org.dvbcss.protocol.ts.TimelineSource}s (in {@code org.dvbcss.protocol.ts}) supply its control
 * timestamps. The companion side: {@link org.dvbcss.net.ts.TsClient} is the connection, and {@link
 * org.dvbcss.net.ts.TsClockController} keeps a timeline clock following the TV.
 */
@NullMarked
package org.dvbcss.net.ts;

import org.jspecify.annotations.NullMarked;
