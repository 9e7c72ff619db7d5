package org.dvbcss.tv.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the browser companion's JavaScript unit tests ({@code src/test/js/css-clients.test.js}: the
 * CSS-WC message codec, the wall clock candidate maths and its bound, CII merging, CSS-TS parsing
 * and timing reports) with {@code node --test}. Skipped when node is missing on a developer's
 * machine; fails instead when the {@code CI} environment variable is set.
 */
class CssClientsNodeTest {
  private static final Path TESTS = Path.of("src", "test", "js", "css-clients.test.js");

  @Test
  void javaScriptUnitTestsPass() throws Exception {
    String node = findNode();
    Process p =
        new ProcessBuilder(node, "--test", TESTS.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    assertThat(text).contains("# fail 0").doesNotContain("# pass 0");
  }

  /** node on the PATH, else /usr/bin/node; skips, or fails under CI, when neither runs. */
  private static String findNode() {
    for (String candidate : new String[] {"node", "/usr/bin/node"}) {
      if (runs(candidate)) {
        return candidate;
      }
    }
    String why = "node not found on the PATH or at /usr/bin/node";
    if (System.getenv("CI") != null && !System.getenv("CI").isBlank()) {
      Assertions.fail(why + " (failed rather than skipped: CI is set)");
    }
    Assumptions.abort(why + " (skipped)");
    throw new AssertionError("unreachable");
  }

  private static boolean runs(String node) {
    if (node.startsWith("/") && !Files.isExecutable(Path.of(node))) {
      return false;
    }
    try {
      Process p = new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
