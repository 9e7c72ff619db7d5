package org.dvbcss.net.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.dvbcss.protocol.testing.Prerequisites;

/**
 * The independent peers in {@code interop/node}: BBC's {@code dvbcss-protocols} driven by small
 * node scripts. Installed by {@code npm ci --prefix interop/node}; tests that need them are
 * skipped, with a message saying so, when they or node are absent, and fail instead where the
 * environment variable {@value Prerequisites#CI} is set (see {@link Prerequisites}).
 */
public final class NodePeers {
  /** The folder of the node scripts. */
  public static final Path DIR = Path.of("..", "interop", "node").toAbsolutePath().normalize();

  private NodePeers() {}

  /**
   * Skips the calling test, or fails it where {@value Prerequisites#CI} is set, unless node and the
   * installed peers are there.
   */
  public static void assumeInstalled() {
    Prerequisites.require(
        Files.isDirectory(DIR.resolve("node_modules/dvbcss-protocols")),
        "interop peers not installed in " + DIR + ": run npm ci --prefix interop/node",
        Prerequisites.CI);
    Prerequisites.require(nodeWorks(), "node not found on the PATH", Prerequisites.CI);
  }

  /**
   * The node command for tests that run their own scripts: {@code node} on the PATH, else {@code
   * /usr/bin/node}. Skips the calling test when neither runs, or fails it where {@value
   * Prerequisites#CI} is set.
   *
   * @return the command to start node with
   */
  public static String node() {
    for (String candidate : new String[] {"node", "/usr/bin/node"}) {
      if (runs(candidate)) {
        return candidate;
      }
    }
    Prerequisites.require(
        false, "node not found on the PATH or at /usr/bin/node", Prerequisites.CI);
    throw new AssertionError("unreachable");
  }

  /** Starts {@code node SCRIPT ARGS...} in the peers' folder; its standard error is inherited. */
  public static Process start(String script, String... args) throws IOException {
    String[] command = new String[args.length + 2];
    command[0] = "node";
    command[1] = script;
    System.arraycopy(args, 0, command, 2, args.length);
    return new ProcessBuilder(command)
        .directory(DIR.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static boolean nodeWorks() {
    return runs("node");
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
