package org.dvbcss.tools;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Starts the real {@code dvbcss} tool (or another main class of the test class path) in child JVMs,
 * each writing its standard output and error to files in a directory, and ends whatever is left
 * when closed.
 *
 * <p>Not thread safe: one test uses it from its own thread.
 */
public final class ToolProcesses implements AutoCloseable {
  /** Starting a child JVM on a loaded machine: not a documented figure, only a bound on a hang. */
  public static final Duration WAIT = Duration.ofSeconds(30);

  private final Path dir;
  private final List<Process> processes = new ArrayList<>();
  private int started;

  /**
   * A launcher writing its children's output to a directory.
   *
   * @param dir where the output files go (a test's temporary directory)
   */
  public ToolProcesses(Path dir) {
    this.dir = dir;
  }

  /** A running tool, writing its standard output and error to files. */
  public record Tool(Process process, Path stdoutFile, Path stderrFile) {
    /**
     * Waits (at most {@link #WAIT}) for a line of standard output matching the pattern.
     *
     * @param pattern what to find in a line
     * @return the match
     */
    public Matcher awaitLine(Pattern pattern) throws Exception {
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
      for (String line : lines()) {
        Matcher m = pattern.matcher(line);
        if (m.find()) {
          return m;
        }
      }
      return null;
    }

    /**
     * The standard output so far.
     *
     * @return its lines
     */
    public List<String> lines() throws IOException {
      return Files.readAllLines(stdoutFile);
    }

    /**
     * The standard error so far.
     *
     * @return its text
     */
    public String stderr() throws IOException {
      return Files.readString(stderrFile);
    }
  }

  /**
   * Starts {@code dvbcss ARGS...}.
   *
   * @param args the command and its arguments
   * @return the running tool
   */
  public Tool start(String... args) throws IOException {
    return startMain("org.dvbcss.tools.Main", args);
  }

  /**
   * Starts a main class of the test class path.
   *
   * @param mainClass the class
   * @param args its arguments; the first names the output files
   * @return the running process
   */
  public Tool startMain(String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(args));
    String name = args[0] + "-" + started++;
    Path stdout = dir.resolve(name + "-stdout.txt");
    Path stderr = dir.resolve(name + "-stderr.txt");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    processes.add(process);
    return new Tool(process, stdout, stderr);
  }

  /** Ends every child still running. */
  @Override
  public void close() {
    for (Process p : processes) {
      p.destroyForcibly();
    }
  }
}
