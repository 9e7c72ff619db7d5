package org.dvbcss.net.ws;

import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * One open WebSocket connection to a {@link WebSocketServer} endpoint.
 *
 * <p>Threading: every method may be called from any thread. Messages go out in the order {@link
 * #send} was called, from whichever threads (calls ordered by a lock, or made one after another on
 * one thread, stay in that order).
 *
 * <h2>Sending state without queueing without bound</h2>
 *
 * <p>A client that reads slowly (or not at all) makes its session's outbound queue grow. State
 * protocols (CSS-CII, CSS-TS) must not queue every change for such a client; they coalesce to the
 * latest value. The pattern an endpoint uses:
 *
 * <ol>
 *   <li>keep per-session "last sent" state in the {@linkplain #attach attachment};
 *   <li>on a change, if {@link #isWritable()}, send the difference from "last sent" and update it;
 *       otherwise only mark the session "pending" and send nothing;
 *   <li>in {@link WebSocketEndpoint#onWritable}, if pending, send the difference between "last
 *       sent" and the <em>current</em> state, update "last sent", and clear "pending".
 * </ol>
 *
 * <p>So a slow client holds at most the high water mark plus one message in the server, and gets
 * the latest state once it catches up. To avoid a check-then-send race, do steps 2 and 3 on the
 * session's event loop (in a callback) or under a per-session lock.
 */
public interface WebSocketSession {
  /**
   * A short identifier, unique within the server, such as {@code cii-3}: the endpoint path's last
   * segment and a sequence number.
   *
   * @return the id
   */
  String id();

  /**
   * The endpoint path the client connected to, such as {@code /cii} (without any query string).
   *
   * @return the path
   */
  String path();

  /**
   * The server address and port this client connected to. For a server bound to a wildcard address
   * this is the concrete interface address the client dialled (an IPv4 address for an IPv4 client
   * on a dual-stack socket). Used to rewrite {@code {{host}}} and {@code {{port}}} in URLs sent to
   * this client.
   *
   * @return the local address of the connection
   */
  InetSocketAddress localAddress();

  /**
   * The client's address and port.
   *
   * @return the remote address of the connection
   */
  InetSocketAddress remoteAddress();

  /**
   * Whether the outbound queue is below the server's high water mark (see {@link
   * WebSocketServerConfig.Builder#writeBufferWaterMarks}). When it is false, hold back updates and
   * send them in {@link WebSocketEndpoint#onWritable}.
   *
   * @return true if sending now will not grow the queue past the high water mark
   */
  boolean isWritable();

  /**
   * Bytes of messages accepted by {@link #send} and not yet handed to the operating system. For
   * monitoring and tests.
   *
   * @return a count of bytes, 0 once everything has been written or the session has closed
   */
  long queuedBytes();

  /**
   * Sends a text message. Never blocks; the message is queued even when {@link #isWritable()} is
   * false (so check it first, see the class comment). Thread safe.
   *
   * @param text the message
   * @return false if the session is no longer open and the message was dropped
   */
  boolean send(String text);

  /**
   * Sends a binary message. Like {@link #send}: never blocks, queued even when {@link
   * #isWritable()} is false, ordered with text messages sent from the same thread or under the same
   * lock, counted in {@link #queuedBytes()}, and dropped once the closing handshake has started.
   * Thread safe.
   *
   * <p>The server's sessions implement it; the default, for stand-ins that carry text only, throws.
   *
   * @param data the message; the array is copied, so the caller may reuse it
   * @return false if the session is no longer open and the message was dropped
   * @throws UnsupportedOperationException if this session cannot carry binary messages
   */
  default boolean sendBinary(byte[] data) {
    throw new UnsupportedOperationException("this session carries text only");
  }

  /**
   * Starts the closing handshake: sends a close frame with this status and closes the connection
   * when the client answers, or after a second if it does not. {@link WebSocketEndpoint#onClose}
   * follows with this code and reason. Does nothing if the session is already closing. Thread safe.
   *
   * @param code a status a server may send: 1000-1003, 1007-1014, or 3000-4999
   * @param reason a short text; cut to fit the 123 bytes a close frame allows
   * @throws IllegalArgumentException if the code may not be sent
   */
  void close(int code, String reason);

  /**
   * Whether the session is open: true from {@link WebSocketEndpoint#onOpen} until either side
   * starts closing or the connection is lost.
   *
   * @return true if open
   */
  boolean isOpen();

  /**
   * Stores endpoint state for this session, replacing any earlier attachment.
   *
   * @param attachment the state, or null to clear
   */
  void attach(@Nullable Object attachment);

  /**
   * The state stored with {@link #attach}.
   *
   * @return the attachment, or null if none
   */
  @Nullable Object attachment();
}
