/**
 * Implementation of {@link org.dvbcss.net.ws.WebSocketServer}: the Netty pipeline handlers for the
 * HTTP handshake and the WebSocket connection. Not API; may change without notice.
 */
@NullMarked
package org.dvbcss.net.ws.internal;

import org.jspecify.annotations.NullMarked;
