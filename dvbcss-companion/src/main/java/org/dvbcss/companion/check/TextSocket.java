package org.dvbcss.companion.check;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A WebSocket connection to the TV as the checker sees it: every text message received, whole and
 * timestamped, and how the connection ended. Built on the JDK's WebSocket client, which sends no
 * {@code Origin} header unless told to.
 *
 * <p>Threading: messages are queued by the JDK's threads and taken by the checker's thread; {@link
 * #send} and {@link #close} may be called from any thread.
 */
final class TextSocket implements AutoCloseable {
  /**
   * A text message.
   *
   * @param text the whole message (fragments joined)
   * @param atNanos this machine's monotonic clock when its last fragment arrived
   */
  record Message(String text, long atNanos) {}

  /**
   * How the connection ended.
   *
   * @param code the close code the TV sent, or -1 when TCP ended without a close frame
   * @param reason the reason text, or the error
   * @param atNanos when
   */
  record Ending(int code, String reason, long atNanos) {}

  /** Why a connection could not be opened: the HTTP status, or -1 when there was none. */
  static final class Refused extends IOException {
    private final int status;

    Refused(int status, String message, @Nullable Throwable cause) {
      super(message, cause);
      this.status = status;
    }

    /** The HTTP status of the refusal, or -1 when TCP closed or failed without one. */
    int status() {
      return status;
    }
  }

  private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
  private final CompletableFuture<Ending> ending = new CompletableFuture<>();
  private final CompletableFuture<ByteBuffer> pong = new CompletableFuture<>();
  private final long openedNanos;
  private final WebSocket socket;

  private TextSocket(HttpClient http, URI uri, Duration timeout) throws IOException {
    StringBuilder partial = new StringBuilder();
    WebSocket.Listener listener =
        new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
              messages.add(new Message(partial.toString(), System.nanoTime()));
              partial.setLength(0);
            }
            ws.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            messages.add(
                new Message(
                    "\u0000binary frame of " + data.remaining() + " bytes", System.nanoTime()));
            ws.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            ByteBuffer copy = ByteBuffer.allocate(message.remaining());
            copy.put(message).flip();
            pong.complete(copy);
            ws.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            // the JDK reports an end of TCP without a close frame as 1006: that is no close frame
            int code = statusCode == 1006 ? -1 : statusCode;
            ending.complete(new Ending(code, reason, System.nanoTime()));
            return null;
          }

          @Override
          public void onError(WebSocket ws, Throwable error) {
            ending.complete(new Ending(-1, String.valueOf(error), System.nanoTime()));
          }
        };
    long start = System.nanoTime();
    try {
      socket =
          http.newWebSocketBuilder()
              .connectTimeout(timeout)
              .buildAsync(uri, listener)
              .get(timeout.toNanos() + 1_000_000_000L, TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof WebSocketHandshakeException h) {
        throw new Refused(
            h.getResponse().statusCode(),
            "refused with HTTP status " + h.getResponse().statusCode(),
            h);
      }
      throw new Refused(-1, "connection failed: " + cause, cause);
    } catch (TimeoutException e) {
      throw new Refused(-1, "no handshake within " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Refused(-1, "interrupted", e);
    }
    openedNanos = start;
  }

  /**
   * Opens a connection.
   *
   * @param http the client to use
   * @param url {@code ws://...}
   * @param timeout the handshake limit
   * @return the open connection
   * @throws Refused if the handshake failed, with its HTTP status when there was one
   */
  static TextSocket open(HttpClient http, String url, Duration timeout) throws Refused {
    try {
      return new TextSocket(http, URI.create(url), timeout);
    } catch (Refused r) {
      throw r;
    } catch (IOException | IllegalArgumentException e) {
      throw new Refused(-1, "connection failed: " + e, e);
    }
  }

  /** This machine's monotonic clock when the handshake started. */
  long openedNanos() {
    return openedNanos;
  }

  /**
   * The next message, waiting at most {@code timeoutNanos}.
   *
   * @return the message, or null if none came in time
   */
  @Nullable Message next(long timeoutNanos) throws InterruptedException {
    return messages.poll(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
  }

  /** Sends a whole text message (or one fragment of one when {@code last} is false). */
  void send(String text, boolean last) throws IOException {
    try {
      socket.sendText(text, last).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("send failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** Sends a ping; the pong, if one comes, is {@link #pong}. */
  void ping(ByteBuffer payload) throws IOException {
    try {
      socket.sendPing(payload).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("ping failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** The payload of the first pong, waiting at most {@code timeoutNanos}; null if none. */
  @Nullable ByteBuffer pong(long timeoutNanos) throws InterruptedException {
    return await(pong, timeoutNanos);
  }

  /** How the connection ended, waiting at most {@code timeoutNanos}; null if it is still open. */
  @Nullable Ending ending(long timeoutNanos) throws InterruptedException {
    return await(ending, timeoutNanos);
  }

  private static <T> @Nullable T await(CompletableFuture<T> f, long timeoutNanos)
      throws InterruptedException {
    try {
      return f.get(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (ExecutionException e) {
      return null;
    }
  }

  /** Closes with 1000, without waiting for the TV's answer. */
  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "check done");
    }
    socket.abort();
  }
}
