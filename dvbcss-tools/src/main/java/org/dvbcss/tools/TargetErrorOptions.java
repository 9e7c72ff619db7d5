package org.dvbcss.tools;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dvbcss.companion.CompanionConfig;
import org.dvbcss.net.wc.WallClockClientConfig;
import org.dvbcss.protocol.wc.Burst;
import org.dvbcss.protocol.wc.TargetErrorPacing;
import org.dvbcss.protocol.wc.WallClockAlgorithm;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The polling options of the commands that follow a CSS-WC server ({@code wc-client}, {@code
 * companion}): {@code --target-error DURATION} and {@code --max-rate N} (with a target, the wall
 * clock client polls adaptively, {@link TargetErrorPacing}, instead of at a fixed interval) and
 * {@code --burst N} (each poll is N requests back to back, {@link Burst}). A picocli mixin: add it
 * with {@code @Mixin TargetErrorOptions targetError;} and pass each new algorithm through {@link
 * #wrap}.
 *
 * <p>Not thread safe while picocli parses; after that {@link #wrap} may be called from any thread.
 */
public final class TargetErrorOptions {
  @Option(
      names = "--target-error",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Poll the CSS-WC server adaptively: as fast as needed (up to --max-rate) to bring the"
              + " wall clock's error bound under this and keep it there, and as slowly as the"
              + " bound allows once there; backs off from a server that does not answer. A"
              + " duration with a unit: 1ms, 0.2ms, 200us, 0.001s (no unit: seconds). Replaces"
              + " the fixed interval.")
  private @Nullable Duration targetError;

  @Option(
      names = "--max-rate",
      paramLabel = "N",
      defaultValue = "20",
      description =
          "With --target-error: at most this many requests per second (default:"
              + " ${DEFAULT-VALUE}).")
  private double maxRate;

  @Option(
      names = "--burst",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Send each CSS-WC poll as N requests back to back and keep the best (1 to 16; default:"
              + " ${DEFAULT-VALUE}). The first exchange after an idle spell pays for waking both"
              + " ends; the next is quick, so its bound is smaller: on loopback 2 divides the"
              + " frequency-tracking bound at a 1 s poll by about four. Costs N requests a poll.")
  private int burst = 1;

  /** For picocli. */
  public TargetErrorOptions() {}

  /**
   * The target given.
   *
   * @return the target error bound, or null without {@code --target-error}
   */
  public @Nullable Duration targetError() {
    return targetError;
  }

  /**
   * The maximum rate given.
   *
   * @return requests per second
   */
  public double maxRate() {
    return maxRate;
  }

  /**
   * The burst size given.
   *
   * @return requests per poll, 1 for no bursts
   */
  public int burst() {
    return burst;
  }

  /**
   * Checks the values, for a command to do before it starts anything.
   *
   * @return null if they are usable, else a message naming the option
   */
  public @Nullable String problem() {
    if (burst < 1 || burst > Burst.MAX_COUNT) {
      return "--burst must be 1 to " + Burst.MAX_COUNT + ", was " + burst;
    }
    if (!(maxRate > 0) || Double.isInfinite(maxRate)) {
      return "--max-rate must be a positive number, was " + maxRate;
    }
    if (maxRate < 1e9 / TargetErrorPacing.DEFAULT_MAX_INTERVAL.toNanos()) {
      return "--max-rate must be at least one request per "
          + TargetErrorPacing.DEFAULT_MAX_INTERVAL.toSeconds()
          + " s, was "
          + maxRate;
    }
    return null;
  }

  /**
   * The algorithm to use: {@code algorithm} wrapped, with {@code --target-error}, in adaptive
   * polling with the given target and maximum rate (of polls), and then, with {@code --burst} above
   * 1, in bursts; {@code algorithm} itself with neither.
   *
   * @param algorithm a fresh algorithm
   * @return the algorithm to give the client
   * @throws IllegalArgumentException if {@link #problem()} is not null
   */
  public WallClockAlgorithm wrap(WallClockAlgorithm algorithm) {
    Duration target = targetError;
    WallClockAlgorithm paced =
        target == null
            ? algorithm
            : new TargetErrorPacing(
                algorithm,
                target,
                maxRate,
                TargetErrorPacing.DEFAULT_MAX_INTERVAL,
                TargetErrorPacing.DEFAULT_SAFETY_SHARE);
    return Burst.of(paced, burst);
  }

  /**
   * A companion's settings whose wall clock client polls as these options say: {@code config}
   * itself without {@code --target-error} and {@code --burst}, else {@code config} with each
   * algorithm its wall clock settings make passed through {@link #wrap(WallClockAlgorithm)}.
   *
   * @param config the settings
   * @return the settings to use
   */
  public CompanionConfig wrap(CompanionConfig config) {
    if (targetError == null && burst == 1) {
      return config;
    }
    WallClockClientConfig wc = config.wallClock();
    Supplier<? extends WallClockAlgorithm> inner = wc.algorithm();
    return config.toBuilder()
        .wallClock(wc.toBuilder().algorithm(() -> wrap(inner.get())).build())
        .build();
  }

  /**
   * A line for a command's start: {@code ", target error 1 ms at most 20 polls/s, bursts of 2"}.
   *
   * @return the text, empty without {@code --target-error} and {@code --burst}
   */
  public String describe() {
    Duration target = targetError;
    String paced =
        target == null
            ? ""
            : String.format(
                Locale.ROOT,
                ", target error %s ms at most %s %s/s",
                BigDecimal.valueOf(target.toNanos(), 6).stripTrailingZeros().toPlainString(),
                BigDecimal.valueOf(maxRate).stripTrailingZeros().toPlainString(),
                burst == 1 ? "requests" : "polls");
    return burst == 1 ? paced : paced + ", bursts of " + burst;
  }

  /**
   * Reads a positive duration: a decimal number and a unit, {@code ns}, {@code us} (or {@code µs}),
   * {@code ms} or {@code s}; with no unit, seconds. Rounded to the nanosecond.
   */
  public static final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern FORM =
        Pattern.compile("\\s*(\\d+(?:\\.\\d*)?|\\.\\d+)\\s*(ns|us|µs|ms|s)?\\s*");

    /** For picocli. */
    public DurationConverter() {}

    @Override
    public Duration convert(String value) {
      Matcher m = FORM.matcher(value.toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new TypeConversionException(
            "'" + value + "' is not a duration such as 1ms, 0.2ms, 200us or 0.001s");
      }
      String unit = m.group(2) == null ? "s" : m.group(2);
      long perUnit =
          switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            default -> 1_000_000_000L;
          };
      BigDecimal nanos =
          new BigDecimal(m.group(1))
              .multiply(BigDecimal.valueOf(perUnit))
              .setScale(0, RoundingMode.HALF_UP);
      if (nanos.signum() <= 0 || nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
        throw new TypeConversionException("'" + value + "' must be a positive duration");
      }
      return Duration.ofNanos(nanos.longValueExact());
    }
  }

  /**
   * The request rate between two readings of a sent-requests counter, for a status line. Not thread
   * safe: one reader.
   */
  public static final class RequestRate {
    private long lastSent;
    private long lastNanos = Long.MIN_VALUE;

    /** Starts with no reading. */
    public RequestRate() {}

    /**
     * Takes a reading.
     *
     * @param sent requests sent so far
     * @param nowNanos a monotonic reading, nanoseconds
     * @return requests per second since the previous reading; NaN for the first
     */
    public double update(long sent, long nowNanos) {
      double rate =
          lastNanos == Long.MIN_VALUE || nowNanos <= lastNanos
              ? Double.NaN
              : (sent - lastSent) * 1e9 / (nowNanos - lastNanos);
      lastSent = sent;
      lastNanos = nowNanos;
      return rate;
    }
  }
}
