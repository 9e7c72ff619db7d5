package org.dvbcss.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs a {@code dvbcss} command line in this JVM, capturing what it prints. */
public final class CommandRun {
  /** What the command printed on standard output. */
  public final StringWriter out = new StringWriter();

  /** What the command printed on standard error. */
  public final StringWriter err = new StringWriter();

  /** Runs the command and returns its exit code. */
  public int execute(String... args) {
    return Main.commandLine()
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }

  /** Runs the command on another thread. */
  public CompletableFuture<Integer> executeInBackground(String... args) {
    return CompletableFuture.supplyAsync(() -> execute(args));
  }

  /** Waits (up to 10 s) until the output contains a match of {@code pattern}, and returns it. */
  public Matcher awaitOutput(Pattern pattern) {
    await().atMost(Duration.ofSeconds(10)).until(() -> pattern.matcher(out.toString()).find());
    Matcher m = pattern.matcher(out.toString());
    assertThat(m.find()).isTrue();
    return m;
  }
}
