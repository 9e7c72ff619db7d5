package org.dvbcss.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.dvbcss.net.wsclient.TrustedCertificates;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code --origin}, {@code --tls-cert}/{@code --tls-key} of the servers and {@code --trust-cert} of
 * the clients, end to end on loopback with the test certificate (see the README beside it).
 */
class WebSocketSecurityCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String resource(String name) throws Exception {
    return Path.of(WebSocketSecurityCommandsTest.class.getResource(name).toURI()).toString();
  }

  private static String cert() throws Exception {
    return resource("test-cert.pem");
  }

  private static String key() throws Exception {
    return resource("test-key.pem");
  }

  /** A command running on its own thread until interrupted. */
  private record Running(Thread thread, CompletableFuture<Integer> code) {
    static Running start(CommandRun run, String... args) {
      CompletableFuture<Integer> code = new CompletableFuture<>();
      Thread thread = new Thread(() -> code.complete(run.execute(args)), "test-" + args[0]);
      thread.setDaemon(true);
      thread.start();
      return new Running(thread, code);
    }

    /** Interrupts the command (the servers stop cleanly) and returns its exit code. */
    int stop() throws Exception {
      thread.interrupt();
      return code.get(30, TimeUnit.SECONDS);
    }
  }

  /** Opens a WebSocket with the JDK client trusting the test certificate; the first message. */
  private static String firstMessage(String url, String origin) throws Exception {
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, new TrustManager[] {TrustedCertificates.fromFile(Path.of(cert()))}, null);
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(ssl)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
    WebSocket ws =
        http.newWebSocketBuilder()
            .header("Origin", origin)
            .buildAsync(
                URI.create(url),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(
                      WebSocket webSocket, CharSequence data, boolean last) {
                    texts.add(data.toString());
                    webSocket.request(1);
                    return null;
                  }
                })
            .get(5, TimeUnit.SECONDS);
    try {
      String text = texts.poll(5, TimeUnit.SECONDS);
      assertThat(text).as("a message from " + url).isNotNull();
      return text;
    } finally {
      ws.abort();
    }
  }

  @Test
  void ciiServerOverTlsWithAnOriginListAndACiiClientTrustingItsCertificate() throws Exception {
    CommandRun server = new CommandRun();
    Running serving =
        Running.start(
            server,
            "cii-server",
            "127.0.0.1",
            "0",
            "--tls-cert",
            cert(),
            "--tls-key",
            key(),
            "--origin",
            "https://app.example.com",
            "--origin",
            "http://localhost:8080",
            "-q");
    try {
      String url = server.awaitOutput(Pattern.compile("wss://127\\.0\\.0\\.1:\\d+/cii")).group();

      CommandRun client = new CommandRun();
      CompletableFuture<Integer> following =
          client.executeInBackground(
              "cii-client", url, "--trust-cert", cert(), "--duration", "4", "-q");
      CommandRun distrusting = new CommandRun();
      CompletableFuture<Integer> refused =
          distrusting.executeInBackground("cii-client", url, "--duration", "4", "-q");

      assertThat(firstMessage(url, "HTTPS://app.example.com:443"))
          .isEqualTo("{\"protocolVersion\":\"1.1\"}");
      assertThatThrownBy(() -> firstMessage(url, "https://evil.example.com"))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOfSatisfying(
              WebSocketHandshakeException.class,
              e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));

      assertThat(following.get()).as(client.out + "\n" + client.err).isZero();
      assertThat(client.out.toString())
          .contains("connected to " + url)
          .contains("protocolVersion: (absent) -> \"1.1\"");
      assertThat(refused.get()).isEqualTo(1);
      assertThat(distrusting.err.toString()).contains("cii-client:");
    } finally {
      assertThat(serving.stop()).as(server.err.toString()).isZero();
    }
  }

  @Test
  void tsServerOverTlsAndATsClientTrustingItsCertificate() throws Exception {
    CommandRun server = new CommandRun();
    Running serving =
        Running.start(
            server,
            "ts-server",
            "127.0.0.1",
            "0",
            "127.0.0.1",
            "0",
            "--tls-cert",
            cert(),
            "--tls-key",
            key(),
            "-q");
    try {
      String tsUrl = server.awaitOutput(Pattern.compile("wss://127\\.0\\.0\\.1:\\d+/ts")).group();
      String wcUrl = server.awaitOutput(Pattern.compile("udp://127\\.0\\.0\\.1:\\d+")).group();

      CommandRun client = new CommandRun();
      int code =
          client.execute(
              "ts-client",
              tsUrl,
              wcUrl,
              "",
              "90000",
              "--timeline",
              "urn:dvb:css:timeline:pts",
              "--trust-cert",
              cert(),
              "--duration",
              "3",
              "-q");

      assertThat(code).as(client.err.toString()).isZero();
      assertThat(client.out.toString()).contains("connected to " + tsUrl);
    } finally {
      assertThat(serving.stop()).as(server.err.toString()).isZero();
    }
  }

  @Test
  void tvOverTlsAdvertisesWssAndACompanionTrustingItsCertificateFollowsIt() throws Exception {
    CommandRun tv = new CommandRun();
    Running running =
        Running.start(
            tv,
            "tv",
            "--no-dial",
            "127.0.0.1",
            "0",
            "127.0.0.1",
            "0",
            "--no-keyboard",
            "--json",
            "--status",
            "0",
            "--tls-cert",
            cert(),
            "--tls-key",
            key(),
            "--origin",
            "http://localhost:8080",
            "-q");
    try {
      JsonNode started =
          JSON.readTree(tv.awaitOutput(Pattern.compile("\\{\"event\":\"started\".*")).group());
      String ciiUrl = started.path("ciiUrl").asString();
      assertThat(ciiUrl).matches("wss://127\\.0\\.0\\.1:\\d+/cii");
      assertThat(started.path("tsUrl").asString()).isEqualTo(ciiUrl.replace("/cii", "/ts"));

      JsonNode cii = JSON.readTree(firstMessage(ciiUrl, "http://localhost:8080"));
      assertThat(cii.path("tsUrl").asString()).isEqualTo(ciiUrl.replace("/cii", "/ts"));

      CommandRun companion = new CommandRun();
      assertThat(
              companion.execute(
                  "companion", ciiUrl, "--trust-cert", cert(), "--json", "--duration", "4", "-q"))
          .as(companion.err.toString())
          .isZero();
      List<JsonNode> lines = companion.out.toString().lines().map(JSON::readTree).toList();
      assertThat(lines).anyMatch(l -> "cii_connected".equals(l.path("event").asString()));
      assertThat(lines).anyMatch(l -> "ts_connected".equals(l.path("event").asString()));
    } finally {
      assertThat(running.stop()).as(tv.err.toString()).isZero();
    }
    assertThat(tv.out.toString()).contains("{\"event\":\"stopped\"}");
  }

  @Test
  void halfATlsPairOrABadOriginIsAUsageError() throws Exception {
    CommandRun certOnly = new CommandRun();
    assertThat(certOnly.execute("cii-server", "127.0.0.1", "0", "--tls-cert", cert())).isEqualTo(2);
    assertThat(certOnly.err.toString()).contains("--tls-cert and --tls-key go together");

    CommandRun keyOnly = new CommandRun();
    assertThat(
            keyOnly.execute(
                "tv",
                "127.0.0.1",
                "0",
                "127.0.0.1",
                "0",
                "--no-dial",
                "--no-keyboard",
                "--tls-key",
                key()))
        .isEqualTo(2);
    assertThat(keyOnly.err.toString()).contains("--tls-cert and --tls-key go together");

    CommandRun badOrigin = new CommandRun();
    assertThat(
            badOrigin.execute(
                "ts-server",
                "127.0.0.1",
                "0",
                "127.0.0.1",
                "0",
                "--origin",
                "https://app.example.com/index.html"))
        .isEqualTo(2);
    assertThat(badOrigin.err.toString()).contains("--origin").contains("not an origin");

    CommandRun keyAsCert = new CommandRun();
    assertThat(
            keyAsCert.execute(
                "cii-server", "127.0.0.1", "0", "--tls-cert", key(), "--tls-key", key()))
        .isEqualTo(1);
    assertThat(keyAsCert.err.toString()).contains("cannot use TLS certificate");

    CommandRun noTrustFile = new CommandRun();
    assertThat(
            noTrustFile.execute(
                "cii-client", "wss://127.0.0.1:1/cii", "--trust-cert", "/nonexistent/cert.pem"))
        .isEqualTo(1);
    assertThat(noTrustFile.err.toString()).contains("/nonexistent/cert.pem");
  }
}
