package org.dvbcss.tools;

import ch.qos.logback.classic.Level;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The logging options every subcommand mixes in: {@code -q/--quiet} and {@code --log-level}.
 *
 * <p>Without either option the levels of {@code logback.xml} apply ({@code info} for {@code
 * org.dvbcss}, {@code warn} for everything else). With one, the chosen level is set on logback's
 * root logger and every logger follows it. {@code --quiet} wins over {@code --log-level}.
 *
 * <p>Add it to a subcommand with {@code @Mixin LoggingOptions logging;}; {@link Main} applies it
 * before the subcommand runs. Not thread safe; used once, on the main thread.
 */
public final class LoggingOptions {
  /** The logger whose own level {@code logback.xml} sets, and which options reset. */
  private static final String PROJECT_LOGGER = "org.dvbcss";

  @Option(
      names = {"-q", "--quiet"},
      description = "Log errors only.")
  private boolean quiet;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      converter = LogLevel.Converter.class,
      description = "Log at this level and above: trace, debug, info, warn or error.")
  private @Nullable LogLevel level;

  /** For picocli. */
  public LoggingOptions() {}

  /**
   * The level the options ask for.
   *
   * @return {@code ERROR} when quiet, else the {@code --log-level} given, else null (keep the
   *     configured levels)
   */
  public @Nullable LogLevel requestedLevel() {
    return quiet ? LogLevel.ERROR : level;
  }

  /** Sets logback's levels as the options ask; does nothing if no option was given. */
  public void apply() {
    LogLevel requested = requestedLevel();
    if (requested == null
        || !(LoggerFactory.getLogger(PROJECT_LOGGER)
            instanceof ch.qos.logback.classic.Logger project)) {
      return;
    }
    var root =
        (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(requested.name()));
    project.setLevel(null);
  }

  /**
   * Applies the logging options of the command that will run: the most deeply nested subcommand in
   * a parse result, if it mixes in these options.
   *
   * @param parseResult what picocli parsed
   */
  static void applyFrom(ParseResult parseResult) {
    ParseResult last = parseResult;
    while (last.hasSubcommand()) {
      last = last.subcommand();
    }
    for (CommandSpec mixin : last.commandSpec().mixins().values()) {
      if (mixin.userObject() instanceof LoggingOptions options) {
        options.apply();
      }
    }
  }
}
