package org.dvbcss.tv;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** A WebSocket peer on the JDK's own client that collects every text message, whole, in order. */
final class Peer implements AutoCloseable {
  private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  private final StringBuilder partial = new StringBuilder();
  private final WebSocket socket;

  /** Connects, waiting up to 5 s. */
  Peer(String uri) {
    socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .buildAsync(
                URI.create(uri),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(
                      WebSocket webSocket, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                      messages.add(partial.toString());
                      partial.setLength(0);
                    }
                    webSocket.request(1);
                    return null;
                  }
                })
            .join();
  }

  /** The next message, waiting up to 5 s; null if none came. */
  @Nullable String next() throws InterruptedException {
    return messages.poll(5, TimeUnit.SECONDS);
  }

  /** Sends a text message and waits until it is sent. */
  void send(String text) {
    socket.sendText(text, true).join();
  }

  @Override
  public void close() {
    socket.abort();
  }
}
