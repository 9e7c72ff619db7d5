package org.dvbcss.net.wsclient.internal;

import java.nio.ByteBuffer;

/**
 * What one WebSocket connection tells its owner. Every method is called on the connection's event
 * loop. For each connection whose TCP connection was established, exactly one of {@link
 * #failedToOpen} (the WebSocket handshake never completed) and {@link #closed} (after {@link
 * #opened}) is called, last.
 */
public interface ConnectionEvents {
  /** The WebSocket handshake completed; text may be sent. */
  void opened();

  /**
   * A whole text message arrived.
   *
   * @param text the message
   */
  void text(String text);

  /**
   * A whole binary message arrived.
   *
   * @param data the message, read only, valid during the call only
   * @param receivedNanos {@code System.nanoTime()} when the socket read that completed it arrived,
   *     read at the head of the pipeline
   * @return false if binary messages are not accepted (the message is then a protocol error, as
   *     without this method)
   */
  default boolean binary(ByteBuffer data, long receivedNanos) {
    return false;
  }

  /** A pong arrived (an answer to a keepalive ping). */
  void pong();

  /**
   * The server broke the protocol, or sent something the client does not accept (a binary message,
   * a message over the size limit).
   *
   * @param cause what happened
   * @param fatal whether the connection is being closed because of it
   */
  void protocolError(Throwable cause, boolean fatal);

  /**
   * The connection ended before the WebSocket handshake completed (TLS failure, refused upgrade,
   * timeout, connection lost).
   *
   * @param cause why
   */
  void failedToOpen(Throwable cause);

  /**
   * An open connection ended.
   *
   * @param code the status code of the first Close frame sent or received, 1005 if a Close frame
   *     came without one, 1006 if the connection ended without a Close frame
   * @param reason its reason text, or a description of what ended the connection for 1006
   */
  void closed(int code, String reason);
}
