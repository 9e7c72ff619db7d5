package org.dvbcss.tools.wc;

import java.util.Locale;
import org.dvbcss.net.wc.WallClockServerConfig;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The value of a {@code --rate-limit R[:BURST]} option: a CSS-WC server's per-source-address limit,
 * {@code R} requests per second with bursts of {@code BURST} (by default one second's worth: {@code
 * R} rounded up, at least 1).
 *
 * @param requestsPerSecond sustained requests per second per source address
 * @param burst requests a quiet address may send at once
 */
public record RateLimit(double requestsPerSecond, int burst) {
  /** Checks the values against the bounds of {@link WallClockServerConfig.Builder#rateLimit}. */
  public RateLimit {
    if (!(requestsPerSecond >= 0.001 && requestsPerSecond <= 1e9)) {
      throw new IllegalArgumentException(
          "rate limit must be 0.001 to 1e9 requests per second: " + requestsPerSecond);
    }
    if (burst < 1 || burst > 1_000_000) {
      throw new IllegalArgumentException("rate limit burst must be 1 to 1000000: " + burst);
    }
  }

  /**
   * Parses {@code R} or {@code R:BURST}, e.g. {@code 20} or {@code 20:40}.
   *
   * @param text the option's value
   * @return the limit
   * @throws IllegalArgumentException if it is not a valid limit
   */
  public static RateLimit parse(String text) {
    String[] parts = text.trim().split(":", -1);
    if (parts.length > 2) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a rate limit: R or R:BURST, e.g. 20 or 20:40");
    }
    try {
      double rate = Double.parseDouble(parts[0]);
      int burst =
          parts.length == 2
              ? Integer.parseInt(parts[1])
              : (int) Math.max(1, Math.min(1_000_000, Math.ceil(rate)));
      return new RateLimit(rate, burst);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a rate limit: R or R:BURST, e.g. 20 or 20:40", e);
    }
  }

  /**
   * Applies the limit to a server's configuration.
   *
   * @param builder the server's configuration builder
   * @return the builder
   */
  public WallClockServerConfig.Builder applyTo(WallClockServerConfig.Builder builder) {
    return builder.rateLimit(requestsPerSecond, burst);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s/s per address, burst %d", requestsPerSecond, burst);
  }

  /** Lets picocli convert option values with {@link #parse(String)}. Stateless. */
  public static final class Converter implements ITypeConverter<RateLimit> {
    /** For picocli. */
    public Converter() {}

    @Override
    public RateLimit convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
