package org.dvbcss.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dvbcss.tools.ToolProcesses.Tool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code dvbcss} tool in a child JVM, stopped with SIGTERM ({@link Process#destroy()}):
 * its WebSocket clients get close 1001 and the process exits with status 0 within the figure
 * docs/reliability.md states; and the watchdog that ends a process that does not stop in time with
 * status 1.
 */
class SignalShutdownProcessTest {
  /**
   * After SIGTERM the servers close (a WebSocket server within about twice its 2 s shutdown
   * timeout, a CSS-WC server within about 1 s) and the process exits: 5 s, times 1.5 for a slow
   * machine.
   */
  private static final Duration STOPS_WITHIN = Duration.ofMillis(7_500);

  @TempDir Path dir;

  private ToolProcesses tools;

  @BeforeEach
  void launcher() {
    tools = new ToolProcesses(dir);
  }

  @AfterEach
  void killLeftovers() {
    tools.close();
  }

  private Tool start(String... args) throws IOException {
    return tools.start(args);
  }

  private Tool startMain(String mainClass, String... args) throws IOException {
    return tools.startMain(mainClass, args);
  }

  /** A JDK WebSocket client that records its first message and how the server closed. */
  static final class Client implements WebSocket.Listener {
    final CompletableFuture<String> first = new CompletableFuture<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();

    static Client connect(String url) throws Exception {
      Client client = new Client();
      HttpClient.newHttpClient()
          .newWebSocketBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .buildAsync(URI.create(url), client)
          .get(10, TimeUnit.SECONDS);
      return client;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        first.complete(partial.toString());
        partial.setLength(0);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closeCode.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closeCode.completeExceptionally(error);
    }
  }

  /** Sends SIGTERM and asserts the process exits within {@code within}; returns its status. */
  private static int sigtermAndAwaitExit(Tool tool, Duration within) throws Exception {
    long sent = System.nanoTime();
    tool.process().destroy(); // SIGTERM
    boolean exited = tool.process().waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
    long tookMillis = (System.nanoTime() - sent) / 1_000_000;
    assertThat(exited)
        .as("exited within %s (took %d ms); stderr: %s", within, tookMillis, tool.stderr())
        .isTrue();
    return tool.process().exitValue();
  }

  private static void assertStopsWith1001AndExitsZero(Tool tool, List<Client> clients)
      throws Exception {
    assertThat(sigtermAndAwaitExit(tool, STOPS_WITHIN)).as("stderr: %s", tool.stderr()).isZero();
    for (Client client : clients) {
      // sent before the process ended; 1 s for the client's thread to deliver it
      assertThat(client.closeCode.get(1, TimeUnit.SECONDS)).isEqualTo(1001);
    }
  }

  @Test
  void tvClosesCompanionsWith1001AndExitsZeroOnSigterm() throws Exception {
    Tool tool =
        start(
            "tv",
            "--json",
            "--no-keyboard",
            "--no-dial",
            "--status",
            "0",
            "127.0.0.1",
            "0",
            "127.0.0.1",
            "0");
    Matcher started =
        tool.awaitLine(
            Pattern.compile(
                "\"event\":\"started\",\"ciiUrl\":\"([^\"]+)\",\"tsUrl\":\"([^\"]+)\""));
    Client cii = Client.connect(started.group(1));
    Client ts = Client.connect(started.group(2));
    assertThat(cii.first.get(10, TimeUnit.SECONDS)).contains("\"contentId\"");

    assertStopsWith1001AndExitsZero(tool, List.of(cii, ts));
    tool.awaitLine(Pattern.compile("^\\{\"event\":\"stopped\"}$"));
  }

  @Test
  void ciiServerClosesClientsWith1001AndExitsZeroOnSigterm() throws Exception {
    Tool tool = start("cii-server", "127.0.0.1", "0");
    Matcher url = tool.awaitLine(Pattern.compile("^(ws://\\S+/cii)$"));
    Client client = Client.connect(url.group(1));
    assertThat(client.first.get(10, TimeUnit.SECONDS)).contains("protocolVersion");

    assertStopsWith1001AndExitsZero(tool, List.of(client));
  }

  @Test
  void wcServerPrintsWhatItAnsweredAndExitsZeroOnSigterm() throws Exception {
    Tool tool = start("wc-server", "127.0.0.1", "0");
    tool.awaitLine(Pattern.compile("^udp://127\\.0\\.0\\.1:\\d+$"));

    assertThat(sigtermAndAwaitExit(tool, STOPS_WITHIN)).as("stderr: %s", tool.stderr()).isZero();
    tool.awaitLine(Pattern.compile("^answered \\d+, dropped \\d+ "));
  }

  @Test
  void tsServerClosesClientsWith1001AndExitsZeroOnSigterm() throws Exception {
    Tool tool = start("ts-server", "127.0.0.1", "0", "127.0.0.1", "0");
    Matcher url = tool.awaitLine(Pattern.compile("^(ws://\\S+/ts)$"));
    tool.awaitLine(Pattern.compile("^udp://127\\.0\\.0\\.1:\\d+$"));
    Client client = Client.connect(url.group(1));

    assertStopsWith1001AndExitsZero(tool, List.of(client));
  }

  /** The watchdog's bound in the child processes below: short, so that the tests are quick. */
  private static final Duration CHILD_BOUND = Duration.ofSeconds(2);

  @Test
  void theWatchdogEndsAProcessThatDoesNotStopInTimeWithStatusOne() throws Exception {
    Tool tool =
        startMain("org.dvbcss.tools.WatchdogChild", Long.toString(CHILD_BOUND.toMillis()), "hang");
    tool.awaitLine(Pattern.compile("^ready$"));
    long sent = System.nanoTime();

    int status = sigtermAndAwaitExit(tool, CHILD_BOUND.multipliedBy(3).dividedBy(2));

    assertThat(status).isEqualTo(1);
    assertThat(Duration.ofNanos(System.nanoTime() - sent))
        .as("waited for the bound first")
        .isGreaterThanOrEqualTo(CHILD_BOUND);
  }

  @Test
  void theWatchdogLetsAProcessThatStopsInTimeExitZero() throws Exception {
    Tool tool =
        startMain(
            "org.dvbcss.tools.WatchdogChild", Long.toString(CHILD_BOUND.toMillis()), "finish");
    tool.awaitLine(Pattern.compile("^ready$"));

    assertThat(sigtermAndAwaitExit(tool, CHILD_BOUND)).isZero();
    tool.awaitLine(Pattern.compile("^finished$"));
  }

  @Test
  void theToolsWatchdogBoundIsTheDocumentedTenSeconds() {
    assertThat(SignalShutdown.DEFAULT_BOUND).isEqualTo(Duration.ofSeconds(10));
  }
}
