package org.dvbcss.tools.check;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.dvbcss.companion.check.Guide;
import org.dvbcss.companion.check.GuidedStep;

/**
 * A {@link Guide} that is a person at the terminal: each step's instruction is printed, and the
 * step counts as done when Enter is pressed. When the input has ended (no terminal) the step is not
 * waited for: a note says so and the check carries on.
 *
 * <p>Threading: {@link #perform} is called by the checker one step at a time.
 */
final class TerminalGuide implements Guide {
  private final BufferedReader in;
  private final PrintWriter prompt;
  private final int steps;
  private int done;
  private boolean ended;

  /**
   * A guide reading {@code in} and prompting on {@code prompt}.
   *
   * @param in where Enter is read (standard input)
   * @param prompt where instructions are printed (standard error, so that standard output stays the
   *     report)
   * @param steps how many steps will be asked for, for "step 1 of 4"
   */
  TerminalGuide(InputStream in, PrintWriter prompt, int steps) {
    this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    this.prompt = prompt;
    this.steps = steps;
  }

  @Override
  public void perform(GuidedStep step) throws InterruptedException {
    done++;
    prompt.printf(
        "step %d of %d: %s, and press Enter at the moment you do it%n",
        done, steps, step.instruction());
    prompt.flush();
    if (ended) {
      prompt.println("(no input: not waiting)");
      prompt.flush();
      return;
    }
    try {
      if (in.readLine() == null) {
        ended = true;
        prompt.println("(input ended: not waiting for the remaining steps)");
        prompt.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (Thread.interrupted()) {
      throw new InterruptedException("check stopped");
    }
  }

  /**
   * The spelling of a step on the command line.
   *
   * @param step the step
   * @return e.g. {@code change-content}
   */
  static String spelling(GuidedStep step) {
    return step.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
