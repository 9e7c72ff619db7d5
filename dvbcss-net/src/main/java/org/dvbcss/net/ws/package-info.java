/**
 * The shared WebSocket server: one Netty HTTP port hosting several WebSocket endpoints by path
 * (CSS-CII at {@code /cii}, CSS-TS at {@code /ts}). {@link org.dvbcss.net.ws.WebSocketServer}
 * accepts and limits connections, {@link org.dvbcss.net.ws.WebSocketEndpoint} is what a protocol
 * implements, and {@link org.dvbcss.net.ws.WebSocketSession} is one open connection. Transport
 * only: nothing here knows CII or TS.
 */
@NullMarked
package org.dvbcss.net.ws;

import org.jspecify.annotations.NullMarked;
