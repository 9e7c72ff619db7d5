package org.dvbcss.tools;

import org.dvbcss.tools.abuse.AbuseCommand;
import org.dvbcss.tools.cii.CiiClientCommand;
import org.dvbcss.tools.cii.CiiLoadCommand;
import org.dvbcss.tools.cii.CiiServerCommand;
import org.dvbcss.tools.clocks.ClocksDemoCommand;
import org.dvbcss.tools.companion.CompanionCommand;
import org.dvbcss.tools.ts.TsClientCommand;
import org.dvbcss.tools.ts.TsLoadCommand;
import org.dvbcss.tools.ts.TsServerCommand;
import org.dvbcss.tools.tv.TvCommand;
import org.dvbcss.tools.wc.WcClientCommand;
import org.dvbcss.tools.wc.WcLoadCommand;
import org.dvbcss.tools.wc.WcServerCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code dvbcss} command. It only dispatches to its subcommands; register a new subcommand by
 * adding its class to {@code subcommands} below.
 *
 * <p>Exit codes: 0 success, 1 runtime failure, 2 usage error.
 *
 * <p>Not thread safe: one instance serves one parse on one thread.
 */
@Command(
    name = "dvbcss",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "DVB Companion Screen Synchronisation (DVB-CSS) tools and demos.",
    subcommands = {
      HelpCommand.class,
      ClocksDemoCommand.class,
      WcServerCommand.class,
      WcClientCommand.class,
      WcLoadCommand.class,
      CiiServerCommand.class,
      CiiClientCommand.class,
      CiiLoadCommand.class,
      TsServerCommand.class,
      TsClientCommand.class,
      TsLoadCommand.class,
      TvCommand.class,
      CompanionCommand.class,
      AbuseCommand.class,
    })
public final class Main implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  @Spec private CommandSpec spec;

  /** For picocli. */
  public Main() {}

  /** With no subcommand there is nothing to do: a usage error. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand");
  }

  /**
   * The configured command line: what {@link #main(String[])} runs, and what tests drive with their
   * own output writers.
   *
   * @return a new command line for {@code dvbcss}
   */
  public static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setExecutionStrategy(Main::execute)
        .setExecutionExceptionHandler(Main::reportFailure);
  }

  /**
   * Runs the command and exits the JVM with its exit code.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** Applies the chosen command's logging options, then runs it. */
  private static int execute(ParseResult parseResult) {
    LoggingOptions.applyFrom(parseResult);
    return new CommandLine.RunLast().execute(parseResult);
  }

  /** Turns an exception thrown by a subcommand into one line on stderr and exit code 1. */
  private static int reportFailure(Exception e, CommandLine command, ParseResult parseResult) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    command
        .getErr()
        .println(command.getColorScheme().errorText(command.getCommandName() + ": " + message));
    log.debug("{} failed", command.getCommandName(), e);
    return ExitCode.SOFTWARE;
  }
}
