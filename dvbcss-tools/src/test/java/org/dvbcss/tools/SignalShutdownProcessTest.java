package org.dvbcss.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code dvbcss} tool in a child JVM, stopped with SIGTERM ({@link Process#destroy()}):
 * its WebSocket clients get close 1001 and the process exits with status 0.
 */
class SignalShutdownProcessTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    for (Process p : processes) {
      p.destroyForcibly();
    }
  }

  /** A running tool, writing its standard output and error to files. */
  private record Tool(Process process, Path stdoutFile, Path stderrFile) {
    /** Waits for a line of standard output matching the pattern. */
    Matcher awaitLine(Pattern pattern) throws Exception {
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(50))
          .failFast(
              "the tool exited; stderr: " + stderr(),
              () -> !process.isAlive() && find(pattern) == null)
          .until(() -> find(pattern) != null);
      return find(pattern);
    }

    private @Nullable Matcher find(Pattern pattern) throws IOException {
      for (String line : Files.readAllLines(stdoutFile)) {
        Matcher m = pattern.matcher(line);
        if (m.find()) {
          return m;
        }
      }
      return null;
    }

    String stderr() throws IOException {
      return Files.readString(stderrFile);
    }
  }

  private Tool start(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("org.dvbcss.tools.Main");
    command.addAll(List.of(args));
    Path stdout = dir.resolve(args[0] + "-stdout.txt");
    Path stderr = dir.resolve(args[0] + "-stderr.txt");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    processes.add(process);
    return new Tool(process, stdout, stderr);
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

  private static void assertStopsWith1001AndExitsZero(Tool tool, List<Client> clients)
      throws Exception {
    tool.process().destroy(); // SIGTERM
    for (Client client : clients) {
      assertThat(client.closeCode.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1001);
    }
    assertThat(tool.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("exited; stderr: %s", tool.stderr())
        .isTrue();
    assertThat(tool.process().exitValue()).as("stderr: %s", tool.stderr()).isZero();
  }

  @Test
  void tvClosesCompanionsWith1001AndExitsZeroOnSigterm() throws Exception {
    Tool tool =
        start("tv", "--json", "--no-keyboard", "--status", "0", "127.0.0.1", "0", "127.0.0.1", "0");
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
}
