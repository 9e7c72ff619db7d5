package org.dvbcss.tv.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dvbcss.net.testing.NodePeers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the browser companion's JavaScript unit tests with {@code node --test}, each file of {@code
 * src/test/js/*.test.js} on its own: {@code css-clients.test.js} (the CSS-WC message codec, the
 * wall clock candidate maths and its bound, CII merging, CSS-TS parsing and timing reports) and
 * {@code player-sync.test.js} (the player synchroniser's controller on virtual time). Skipped when
 * node is missing on a developer's machine; fails instead when the {@code CI} environment variable
 * is set.
 */
class CssClientsNodeTest {
  private static final Path TESTS = Path.of("src", "test", "js");

  static List<String> testFiles() throws IOException {
    try (Stream<Path> files = Files.list(TESTS)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".test.js"))
          .sorted()
          .toList();
    }
  }

  @Test
  void everyTestFileIsRun() throws IOException {
    assertThat(testFiles()).contains("css-clients.test.js", "player-sync.test.js");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("testFiles")
  void javaScriptUnitTestsPass(String file) throws Exception {
    String node = NodePeers.node();
    Process p =
        new ProcessBuilder(node, "--test", TESTS.resolve(file).toAbsolutePath().toString())
            .redirectErrorStream(true)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    assertThat(text).contains("# fail 0").doesNotContain("# pass 0");
  }
}
