/**
 * Clients for testing servers, not for companions: {@link org.dvbcss.net.raw.RawWebSocket}, a
 * WebSocket client on a plain socket that does only what it is told (half requests, bad frames,
 * never reading), as the abuse tool and the server tests need. Companions use {@link
 * org.dvbcss.net.wsclient.WebSocketClient}.
 */
@NullMarked
package org.dvbcss.net.raw;

import org.jspecify.annotations.NullMarked;
