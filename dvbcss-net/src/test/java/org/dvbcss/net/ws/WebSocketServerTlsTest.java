package org.dvbcss.net.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.dvbcss.net.cii.CiiServer;
import org.dvbcss.net.raw.RawWebSocket;
import org.dvbcss.net.wsclient.TrustedCertificates;
import org.dvbcss.net.wsclient.WebSocketClient;
import org.dvbcss.net.wsclient.WebSocketClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server on {@code wss://}: with CSS-CII mounted, reached by our client and the JDK's. */
class WebSocketServerTlsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String HELLO = "{\"protocolVersion\":\"1.1\"}";

  static Path resource(String name) throws Exception {
    return Path.of(WebSocketServerTlsTest.class.getResource(name).toURI());
  }

  static Path cert() throws Exception {
    return resource("test-cert.pem");
  }

  static Path key() throws Exception {
    return resource("test-key.pem");
  }

  private WebSocketServer server;
  private WebSocketClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private WebSocketServer start(Consumer<WebSocketServerConfig.Builder> tls) throws Exception {
    WebSocketServerConfig.Builder b =
        WebSocketServerConfig.builder()
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .eventLoopThreads(1);
    tls.accept(b);
    server =
        WebSocketServer.builder()
            .config(b.build())
            .endpoint(CiiServer.PATH, new CiiServer())
            .start();
    return server;
  }

  private WebSocketServer startPem() throws Exception {
    Path cert = cert();
    Path key = key();
    return start(b -> b.tls(cert, key));
  }

  /** Connects our client, trusting the given certificates, and returns the first message. */
  private String firstMessageFromOurClient(X509TrustManager trust) throws Exception {
    BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    client =
        WebSocketClient.builder(URI.create(server.url(CiiServer.PATH)), texts::add)
            .config(WebSocketClientConfig.builder().trustManager(trust).build())
            .start();
    String first = texts.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    client.close();
    client = null;
    return first;
  }

  private static HttpClient jdkHttps() throws Exception {
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, new TrustManager[] {TrustedCertificates.fromFile(cert())}, null);
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(ssl)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  private String firstMessageFromTheJdkClient() throws Exception {
    JdkClient jdk = new JdkClient();
    jdk.ws =
        jdkHttps()
            .newWebSocketBuilder()
            .buildAsync(URI.create(server.url(CiiServer.PATH)), jdk)
            .get(5, TimeUnit.SECONDS);
    String first = jdk.next();
    jdk.ws.sendClose(1000, "").get(5, TimeUnit.SECONDS);
    jdk.awaitClosed();
    return first;
  }

  @Test
  void servesCiiOverWssToOurClientAndTheJdkClient() throws Exception {
    startPem();
    assertThat(server.isTls()).isTrue();
    assertThat(server.scheme()).isEqualTo("wss");
    assertThat(server.url("/cii"))
        .isEqualTo("wss://127.0.0.1:" + server.localAddress().getPort() + "/cii");

    assertThat(firstMessageFromOurClient(TrustedCertificates.fromFile(cert()))).isEqualTo(HELLO);
    assertThat(firstMessageFromTheJdkClient()).isEqualTo(HELLO);

    await().atMost(WAIT).until(() -> server.counters().connections() == 0);
    assertThat(server.counters().accepted()).isEqualTo(2);
    assertThat(server.counters().tlsFailures()).isZero();
  }

  @Test
  void oneTextSentToManySessionsArrivesWholeOverWssAtEveryLengthForm() throws Exception {
    BlockingQueue<WebSocketSession> opened = new LinkedBlockingQueue<>();
    Path cert = cert();
    Path key = key();
    server =
        WebSocketServer.builder()
            .config(
                WebSocketServerConfig.builder()
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .eventLoopThreads(1)
                    .tls(cert, key)
                    .build())
            .endpoint(
                "/fan",
                new WebSocketEndpoint() {
                  @Override
                  public void onOpen(WebSocketSession session) {
                    opened.add(session);
                  }

                  @Override
                  public void onText(WebSocketSession session, String text) {}
                })
            .start();
    int clients = 3;
    List<BlockingQueue<String>> received = new ArrayList<>();
    List<WebSocketClient> all = new ArrayList<>();
    List<WebSocketSession> sessions = new ArrayList<>();
    try {
      for (int i = 0; i < clients; i++) {
        BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        received.add(texts);
        all.add(
            WebSocketClient.builder(URI.create(server.url("/fan")), texts::add)
                .config(
                    WebSocketClientConfig.builder()
                        .trustManager(TrustedCertificates.fromFile(cert))
                        .maxFrameBytes(1 << 20)
                        .build())
                .start());
        sessions.add(opened.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
      }
      assertThat(sessions).doesNotContainNull();
      Random random = new Random(7);
      List<String> messages = new ArrayList<>();
      for (int length : new int[] {0, 125, 126, 65535, 65536, 200_000}) {
        char[] chars = new char[length];
        for (int c = 0; c < length; c++) {
          chars[c] = (char) ('a' + random.nextInt(26));
        }
        messages.add(new String(chars));
      }
      // from this thread, one String object to every session: framed once, shared by all
      for (String message : messages) {
        for (WebSocketSession session : sessions) {
          assertThat(session.send(message)).isTrue();
        }
      }
      for (BlockingQueue<String> texts : received) {
        for (String message : messages) {
          String got = texts.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
          assertThat(got).as("a message of %d chars", message.length()).isNotNull();
          assertThat(got.length()).isEqualTo(message.length());
          assertThat(got.equals(message)).as("the %d chars as sent", message.length()).isTrue();
        }
      }
    } finally {
      all.forEach(WebSocketClient::close);
    }
  }

  @Test
  void servesFromAPkcs12KeyStore() throws Exception {
    Path p12 = resource("/org/dvbcss/net/wsclient/test-server.p12");
    start(b -> b.tlsKeyStore(p12, "changeit".toCharArray()));

    assertThat(firstMessageFromOurClient(wsclientTestTrust(p12))).isEqualTo(HELLO);
  }

  private static X509TrustManager wsclientTestTrust(Path p12) throws Exception {
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(p12)) {
      ks.load(in, "changeit".toCharArray());
    }
    javax.net.ssl.TrustManagerFactory tmf =
        javax.net.ssl.TrustManagerFactory.getInstance(
            javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    return (X509TrustManager) tmf.getTrustManagers()[0];
  }

  @Test
  void plainWsOnTheTlsPortFailsCleanlyIsCountedAndTheServerKeepsServing() throws Exception {
    startPem();
    URI plain = URI.create("ws://127.0.0.1:" + server.localAddress().getPort() + CiiServer.PATH);

    BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
    WebSocketClient plainClient =
        WebSocketClient.builder(
                plain,
                new WebSocketClient.Listener() {
                  @Override
                  public void onText(String text) {}

                  @Override
                  public void onError(Throwable error) {
                    errors.add(error);
                  }
                })
            .start();
    try {
      assertThat(errors.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
      assertThat(plainClient.counters().connectFailures()).isEqualTo(1);
    } finally {
      plainClient.close();
    }
    await().atMost(WAIT).until(() -> server.counters().tlsFailures() == 1);
    await().atMost(WAIT).until(() -> server.counters().connections() == 0);
    long failures = server.counters().tlsFailures();

    // a plain handshake by hand: closed without an HTTP answer, counted once
    try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), 0)) {
      assertThat(raw.handshake(CiiServer.PATH)).doesNotStartWith("HTTP/1.1 101");
    } catch (java.net.SocketException reset) {
      // a reset is a close too
    }
    await().atMost(WAIT).until(() -> server.counters().tlsFailures() == failures + 1);
    assertThat(server.counters().accepted()).isZero();

    assertThat(firstMessageFromTheJdkClient()).isEqualTo(HELLO);
    assertThat(server.counters().tlsFailures()).isEqualTo(failures + 1);
  }

  @Test
  void garbageAndDistrustingClientsAreCountedAndClosedOneByOne() throws Exception {
    startPem();
    Random random = new Random(7);
    for (int i = 0; i < 5; i++) {
      byte[] garbage = new byte[1 + random.nextInt(600)];
      random.nextBytes(garbage);
      try (Socket socket = new Socket()) {
        socket.connect(server.localAddress(), 5000);
        socket.setSoTimeout(5000);
        OutputStream out = socket.getOutputStream();
        out.write(garbage);
        out.flush();
        // the server closes: read to end of stream (an alert first, perhaps), or a reset
        try {
          socket.getInputStream().readAllBytes();
        } catch (java.net.SocketException reset) {
          // also a close
        }
      }
    }
    await().atMost(WAIT).until(() -> server.counters().tlsFailures() == 5);

    // a client with the system's trust store does not trust the test certificate
    BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
    WebSocketClient distrusting =
        WebSocketClient.builder(
                URI.create(server.url(CiiServer.PATH)),
                new WebSocketClient.Listener() {
                  @Override
                  public void onText(String text) {}

                  @Override
                  public void onError(Throwable error) {
                    errors.add(error);
                  }
                })
            .start();
    try {
      assertThat(errors.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
    } finally {
      distrusting.close();
    }
    await().atMost(WAIT).until(() -> server.counters().tlsFailures() == 6);
    await().atMost(WAIT).until(() -> server.counters().connections() == 0);

    assertThat(firstMessageFromOurClient(TrustedCertificates.fromFile(cert()))).isEqualTo(HELLO);
    assertThat(server.counters().accepted()).isEqualTo(1);
  }

  @Test
  void aPlainServerSaysWs() throws Exception {
    start(b -> {});
    assertThat(server.isTls()).isFalse();
    assertThat(server.scheme()).isEqualTo("ws");
    assertThat(server.url("/ts")).startsWith("ws://127.0.0.1:").endsWith("/ts");
    assertThat(server.counters().tlsFailures()).isZero();
  }

  @Test
  void unusableTlsFilesFailStartWithAMessageNamingThem(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("missing.pem");
    Path notPem = Files.writeString(dir.resolve("not.pem"), "hello\n");
    Path sec1 =
        Files.writeString(
            dir.resolve("sec1.pem"),
            "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n");
    Path cert = cert();
    Path key = key();

    assertThat(startFails(b -> b.tls(missing, key))).contains(missing.toString());
    assertThat(startFails(b -> b.tls(cert, notPem))).contains(notPem.toString());
    assertThat(startFails(b -> b.tls(cert, cert))).contains(cert.toString());
    assertThat(startFails(b -> b.tls(notPem, key))).contains(notPem.toString());
    assertThat(startFails(b -> b.tls(cert, sec1)))
        .contains(sec1.toString())
        .contains("openssl pkcs8 -topk8 -nocrypt");
    assertThat(startFails(b -> b.tlsKeyStore(notPem, "x".toCharArray())))
        .contains(notPem.toString());
    Path p12 = resource("/org/dvbcss/net/wsclient/test-server.p12");
    assertThat(startFails(b -> b.tlsKeyStore(p12, "wrong".toCharArray()))).contains(p12.toString());
  }

  private static String startFails(Consumer<WebSocketServerConfig.Builder> tls) {
    WebSocketServerConfig.Builder b =
        WebSocketServerConfig.builder()
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    tls.accept(b);
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> WebSocketServer.builder().config(b.build()).start());
    assertThat(thrown).isInstanceOf(java.io.IOException.class);
    return thrown.getMessage();
  }
}
