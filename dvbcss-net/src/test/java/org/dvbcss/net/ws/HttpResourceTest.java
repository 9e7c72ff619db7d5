package org.dvbcss.net.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpResourceTest {
  private static final WebSocketEndpoint NOTHING = (session, text) -> {};

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicReference<HttpResource.Request> seen = new AtomicReference<>();
  private WebSocketServer server;

  private void start(HttpResource resource) throws IOException {
    server =
        WebSocketServer.builder()
            .config(
                WebSocketServerConfig.builder()
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .eventLoopThreads(1)
                    .build())
            .endpoint("/cii", NOTHING)
            .resource("/dd.xml", resource)
            .start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.localAddress().getPort() + path);
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(
        b.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void getAndHeadAreServed() throws Exception {
    start(
        r -> {
          seen.set(r);
          return HttpResource.Response.ok("text/xml", "<root/>").withHeader("X-Test", "1");
        });
    HttpResponse<String> get = send(HttpRequest.newBuilder(uri("/dd.xml?x=1")).header("X-A", "b"));
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo("<root/>");
    assertThat(get.headers().firstValue("content-type")).hasValue("text/xml");
    assertThat(get.headers().firstValue("x-test")).hasValue("1");
    HttpResource.Request r = seen.get();
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.path()).isEqualTo("/dd.xml");
    assertThat(r.header("x-a")).isEqualTo("b");
    assertThat(r.host()).isEqualTo("127.0.0.1:" + server.localAddress().getPort());
    assertThat(r.localAddress().getAddress().isLoopbackAddress()).isTrue();
    assertThat(r.remoteAddress().getAddress().isLoopbackAddress()).isTrue();

    HttpResponse<String> head =
        send(
            HttpRequest.newBuilder(uri("/dd.xml"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(server.counters().httpServed()).isEqualTo(2);
  }

  @Test
  void optionsWithOriginIsAPreflightAndOtherMethodsAre405() throws Exception {
    start(r -> HttpResource.Response.ok("text/plain", "x"));
    HttpResponse<String> options =
        send(
            HttpRequest.newBuilder(uri("/dd.xml"))
                .header("Origin", "http://app.example")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(options.statusCode()).isEqualTo(204);
    assertThat(options.headers().firstValue("access-control-allow-origin"))
        .hasValue("http://app.example");
    HttpResponse<String> post =
        send(HttpRequest.newBuilder(uri("/dd.xml")).POST(HttpRequest.BodyPublishers.ofString("x")));
    assertThat(post.statusCode()).isEqualTo(405);
    // the WebSocket endpoint and unknown paths are answered as before
    assertThat(send(HttpRequest.newBuilder(uri("/cii"))).statusCode()).isEqualTo(426);
    assertThat(send(HttpRequest.newBuilder(uri("/nope"))).statusCode()).isEqualTo(404);
  }

  @Test
  void aThrowingResourceGives500AndTheServerCarriesOn() throws Exception {
    int[] calls = {0};
    start(
        r -> {
          if (calls[0]++ == 0) {
            throw new IllegalStateException("on purpose");
          }
          return HttpResource.Response.ok("text/plain", "fine");
        });
    assertThat(send(HttpRequest.newBuilder(uri("/dd.xml"))).statusCode()).isEqualTo(500);
    HttpResponse<String> again = send(HttpRequest.newBuilder(uri("/dd.xml")));
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).isEqualTo("fine");
    assertThat(server.counters().httpErrors()).isEqualTo(1);
  }

  @Test
  void aResourcePathMayNotBeAnEndpointPath() {
    assertThatThrownBy(
            () ->
                WebSocketServer.builder()
                    .endpoint("/x", NOTHING)
                    .resource("/x", r -> HttpResource.Response.ok("a", "b")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                WebSocketServer.builder()
                    .resource("/x", r -> HttpResource.Response.ok("a", "b"))
                    .endpoint("/x", NOTHING))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> WebSocketServer.builder().resource("x", r -> HttpResource.Response.ok("a", "b")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
