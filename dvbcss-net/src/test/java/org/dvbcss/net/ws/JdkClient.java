package org.dvbcss.net.ws;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's own WebSocket client, an implementation nobody here wrote, collecting what arrives.
 *
 * <p>Not for asserting several messages a server sends on opening: JDK 17's client now and then
 * never delivers the second of those that arrive together with the 101 response (seen against this
 * server on every transport and against Node's {@code ws}); {@link org.dvbcss.net.raw.RawWebSocket}
 * reads exactly what arrives.
 */
final class JdkClient implements WebSocket.Listener {
  record Closed(int code, String reason) {}

  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  final CompletableFuture<Closed> closed = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  WebSocket ws;

  static CompletableFuture<WebSocket> connectAsync(
      InetSocketAddress server, String path, JdkClient client) {
    String host =
        server.getAddress() instanceof java.net.Inet6Address
            ? "[" + server.getAddress().getHostAddress() + "]"
            : server.getAddress().getHostAddress();
    URI uri = URI.create("ws://" + host + ":" + server.getPort() + path);
    return HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, client);
  }

  static JdkClient connect(InetSocketAddress server, String path) throws Exception {
    JdkClient client = new JdkClient();
    client.ws = connectAsync(server, path, client).get(5, TimeUnit.SECONDS);
    return client;
  }

  void send(String text) throws Exception {
    ws.sendText(text, true).get(5, TimeUnit.SECONDS);
  }

  String next() throws InterruptedException {
    String message = messages.poll(5, TimeUnit.SECONDS);
    if (message == null) {
      throw new AssertionError("no message within 5 s");
    }
    return message;
  }

  /** Sends a message and waits for the reply. */
  String roundTrip(String text) throws Exception {
    send(text);
    return next();
  }

  Closed awaitClosed() throws Exception {
    return closed.get(5, TimeUnit.SECONDS);
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(Long.MAX_VALUE);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      messages.add(partial.toString());
      partial.setLength(0);
    }
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    messages.add("binary");
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(new Closed(statusCode, reason));
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.completeExceptionally(error);
  }
}
