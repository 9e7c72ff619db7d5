package org.dvbcss.tools;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The levels {@code --log-level} accepts. Immutable. */
public enum LogLevel {
  /** Everything, including per-message detail. */
  TRACE,
  /** Detail useful when debugging. */
  DEBUG,
  /** Normal progress. */
  INFO,
  /** Something unexpected that the program survives. */
  WARN,
  /** Failures only. */
  ERROR;

  /**
   * Parses a level name, ignoring case; {@code warning} means {@link #WARN}.
   *
   * @param name the name given on the command line
   * @return the level
   * @throws IllegalArgumentException for any other name
   */
  public static LogLevel parse(String name) {
    String upper = name.trim().toUpperCase(Locale.ROOT);
    if (upper.equals("WARNING")) {
      return WARN;
    }
    try {
      return valueOf(upper);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + name + "' is not a log level (trace, debug, info, warn, error)", e);
    }
  }

  /** Lets picocli convert option values with {@link #parse(String)}. Stateless. */
  public static final class Converter implements ITypeConverter<LogLevel> {
    /** For picocli. */
    public Converter() {}

    @Override
    public LogLevel convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
