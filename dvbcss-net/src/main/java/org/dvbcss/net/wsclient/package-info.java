/**
 * A WebSocket client for CSS-CII and CSS-TS: {@link org.dvbcss.net.wsclient.WebSocketClient}
 * connects to a {@code ws://} or {@code wss://} URL on Netty, exchanges text messages, and
 * optionally reconnects with a {@link org.dvbcss.net.wsclient.Backoff}. Protocol messages are
 * encoded and decoded by {@code org.dvbcss.protocol}; this package only moves text.
 */
@NullMarked
package org.dvbcss.net.wsclient;

import org.jspecify.annotations.NullMarked;
