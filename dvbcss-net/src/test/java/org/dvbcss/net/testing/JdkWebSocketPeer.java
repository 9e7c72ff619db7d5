package org.dvbcss.net.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A raw WebSocket peer built on the JDK's own client, which nobody here wrote: it collects every
 * text message, whole, in order.
 */
public final class JdkWebSocketPeer implements AutoCloseable {
  private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  private final WebSocket socket;
  private final StringBuilder partial = new StringBuilder();

  /** Connects, waiting up to 5 s. */
  public JdkWebSocketPeer(URI uri) {
    this.socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .buildAsync(uri, new Collector())
            .join();
  }

  /** The next message, waiting up to 5 s; null if none came. */
  public @Nullable String next() throws InterruptedException {
    return messages.poll(5, TimeUnit.SECONDS);
  }

  /** The next message if one comes within {@code millis}; null otherwise. */
  public @Nullable String nextWithin(long millis) throws InterruptedException {
    return messages.poll(millis, TimeUnit.MILLISECONDS);
  }

  /** Sends a text message and waits until it is sent. */
  public void send(String text) {
    socket.sendText(text, true).join();
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
    socket.abort();
  }

  private final class Collector implements WebSocket.Listener {
    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }
}
