package org.dvbcss.net.ws;

import java.nio.ByteBuffer;

/**
 * What a protocol implements to be served at one path of a {@link WebSocketServer}.
 *
 * <p>Threading: every callback for a session is called on that session's event loop thread, one at
 * a time and in order ({@code onOpen} first, {@code onClose} last). Callbacks for different
 * sessions may run at the same time on different threads, so state shared between sessions must be
 * thread safe. A callback must not block: it holds up every connection on its event loop.
 *
 * <p>A callback that throws is logged and counted, and its connection is closed with status 1011
 * (internal error); other connections are not affected.
 */
public interface WebSocketEndpoint {
  /**
   * A client completed the WebSocket handshake. Sending from here is safe: messages are queued
   * behind the HTTP 101 response.
   *
   * @param session the new session
   */
  default void onOpen(WebSocketSession session) {}

  /**
   * A complete text message arrived (fragments already joined; valid UTF-8; at most the server's
   * {@code maxFrameBytes} long in UTF-8).
   *
   * @param session the session it came on
   * @param text the message
   */
  void onText(WebSocketSession session, String text);

  /**
   * Whether this endpoint takes binary messages. If false (the default) a binary frame closes the
   * session with status 1003 and {@link #onBinary} is never called. Asked once per session, when it
   * opens.
   *
   * @return true to receive binary messages in {@link #onBinary}
   */
  default boolean acceptsBinary() {
    return false;
  }

  /**
   * A complete binary message arrived (fragments already joined; at most the server's {@code
   * maxFrameBytes} long), for an endpoint whose {@link #acceptsBinary()} is true. Each frame of it
   * counted against the inbound frame rate limit like a text frame.
   *
   * <p>{@code receivedNanos} is the {@link System#nanoTime()} read by the first handler of the
   * connection's pipeline (ahead of TLS and WebSocket decoding) when it was handed the socket read
   * that completed this message: as close to the socket as the server gets. Messages decoded from
   * one socket read share it.
   *
   * @param session the session it came on
   * @param data the message, read only, positioned at its first byte; valid during the call only
   *     (copy what must outlive it)
   * @param receivedNanos {@code System.nanoTime()} when the message's last bytes were read from the
   *     socket, in nanoseconds
   */
  default void onBinary(WebSocketSession session, ByteBuffer data, long receivedNanos) {}

  /**
   * The session became writable again after its outbound queue had risen above the high water mark
   * ({@link WebSocketSession#isWritable()} is true again). An endpoint that held back an update
   * while the session was not writable sends it now.
   *
   * @param session the session
   */
  default void onWritable(WebSocketSession session) {}

  /**
   * The session ended. Called exactly once for every session whose {@link #onOpen} was called (even
   * if {@code onOpen} threw), whatever the cause: a close from the client, {@link
   * WebSocketSession#close}, a protocol error, an idle timeout, server shutdown, or a lost TCP
   * connection. Sends from here are dropped.
   *
   * @param session the session
   * @param code the close status: the client's if it closed first (1005 if it gave none), the
   *     server's if the server closed first, 1006 if the connection was lost without a close frame
   * @param reason the close reason text, possibly empty
   */
  default void onClose(WebSocketSession session, int code, String reason) {}
}
