package org.dvbcss.tools;

import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.Set;
import org.dvbcss.protocol.Deviation;
import org.dvbcss.protocol.ReadMode;
import picocli.CommandLine.Option;

/**
 * The {@code --strict} option of the client commands ({@code companion}, {@code cii-client}, {@code
 * ts-client}): by default they read a TV's messages tolerantly, accepting each documented deviation
 * from the spec that has exactly one sensible reading, and say so; {@code --strict} reads by the
 * spec only.
 *
 * <p>Also prints, for {@code cii-client} and {@code ts-client}, each kind of deviation once, the
 * first time it is seen. Add it with {@code @Mixin ReadModeOption readMode;}. Thread safe once
 * parsed: {@link #firstSeen} may be called from connection threads.
 */
public final class ReadModeOption {
  @Option(
      names = "--strict",
      description =
          "Read the TV's messages by the spec only: a message with a deviation that is accepted"
              + " by default (presentationStatus as an array, integers as JSON numbers, ...) is"
              + " rejected instead.")
  private boolean strict;

  private final Set<Deviation> seen = EnumSet.noneOf(Deviation.class);

  /** For picocli. */
  public ReadModeOption() {}

  /**
   * The mode the option asks for.
   *
   * @return {@link ReadMode#STRICT} with {@code --strict}, else {@link ReadMode#TOLERANT}
   */
  public ReadMode mode() {
    return strict ? ReadMode.STRICT : ReadMode.TOLERANT;
  }

  /**
   * The line that says a TV deviates, as the companion logs it.
   *
   * @param kind the kind of deviation
   * @return {@code TV deviates from the spec: DESCRIPTION (accepted)}
   */
  public static String warning(Deviation kind) {
    return "TV deviates from the spec: " + kind.description() + " (accepted)";
  }

  /**
   * Prints {@link #warning} for each kind not printed before.
   *
   * @param kinds the kinds a message was read with
   * @param err where to print
   */
  public void firstSeen(Set<Deviation> kinds, PrintWriter err) {
    for (Deviation d : kinds) {
      boolean first;
      synchronized (seen) {
        first = seen.add(d);
      }
      if (first) {
        synchronized (err) {
          err.println(warning(d));
          err.flush();
        }
      }
    }
  }
}
