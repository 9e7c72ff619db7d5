package org.dvbcss.tools;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dvbcss.tools.abuse.AbuseCommand;
import org.dvbcss.tools.accuracy.AccuracyCommand;
import org.dvbcss.tools.check.CheckCommand;
import org.dvbcss.tools.cii.CiiClientCommand;
import org.dvbcss.tools.cii.CiiLoadCommand;
import org.dvbcss.tools.cii.CiiServerCommand;
import org.dvbcss.tools.clocks.ClocksDemoCommand;
import org.dvbcss.tools.companion.CompanionCommand;
import org.dvbcss.tools.discover.DiscoverCommand;
import org.dvbcss.tools.netsim.NetsimCommand;
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
import picocli.CommandLine.Help;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
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
    commandListHeading = "%nCommands (docs/cli.md has an example of each):%n",
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
      DiscoverCommand.class,
      AbuseCommand.class,
      CheckCommand.class,
      AccuracyCommand.class,
      NetsimCommand.class,
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
    CommandLine commandLine =
        new CommandLine(new Main())
            .setExecutionStrategy(Main::execute)
            .setExecutionExceptionHandler(Main::reportFailure);
    commandLine.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, Main::commands);
    return commandLine;
  }

  /**
   * The commands by role, each with its one-line summary, for {@code dvbcss --help}. A command
   * registered but in no role is listed under "Other", so none is ever hidden.
   */
  static final Map<String, List<String>> ROLES = roles();

  /** One line per command, in {@code dvbcss --help}. */
  static final Map<String, String> SUMMARIES =
      Map.ofEntries(
          Map.entry("tv", "A simulated TV (CII, TS, WC): keyboard, script or demo."),
          Map.entry("cii-server", "Serve CSS-CII (content id, URLs, presentation status)."),
          Map.entry("ts-server", "Serve CSS-TS and CSS-WC on one wall clock."),
          Map.entry("wc-server", "Serve a CSS-WC wall clock on UDP."),
          Map.entry(
              "companion", "Follow a TV from its CII URL: wall clock, timeline, error bound."),
          Map.entry("discover", "Find HbbTV TVs by DIAL and print their CII URLs."),
          Map.entry("cii-client", "Print each CSS-CII change a server sends."),
          Map.entry("ts-client", "Follow one timeline of a TV with CSS-WC and CSS-TS."),
          Map.entry("wc-client", "Follow a CSS-WC server and show the estimate's quality."),
          Map.entry("cii-load", "Hold N CSS-CII connections and time each change's fan-out."),
          Map.entry("ts-load", "Hold N CSS-TS connections and time each change's fan-out."),
          Map.entry("wc-load", "Load a CSS-WC server: responses per second, round-trip times."),
          Map.entry("abuse", "Misbehaving clients against a TV while good companions watch."),
          Map.entry("check", "Check a TV's CII, WC and TS servers, rule by rule."),
          Map.entry("accuracy", "Measure a companion's real error against its bound."),
          Map.entry("netsim", "Put a bad network between a companion and a TV."),
          Map.entry("clocks-demo", "Show the clock model at work on real time."),
          Map.entry("help", "Show the help of a command."));

  private static Map<String, List<String>> roles() {
    Map<String, List<String>> roles = new LinkedHashMap<>();
    roles.put("TV side", List.of("tv", "cii-server", "ts-server", "wc-server"));
    roles.put(
        "Companion side", List.of("companion", "discover", "cii-client", "ts-client", "wc-client"));
    roles.put("Load and abuse", List.of("cii-load", "ts-load", "wc-load", "abuse"));
    roles.put("Conformance and accuracy", List.of("check", "accuracy"));
    roles.put("Diagnostics", List.of("netsim", "clocks-demo", "help"));
    return Collections.unmodifiableMap(roles);
  }

  /** Renders the command list: a heading per role, then one line per command. */
  private static String commands(Help help) {
    Map<String, Help> subcommands = help.subcommands();
    if (subcommands.isEmpty()) {
      return "";
    }
    Map<String, List<String>> groups = new LinkedHashMap<>(ROLES);
    List<String> other = new ArrayList<>(subcommands.keySet());
    groups.values().forEach(other::removeAll);
    if (!other.isEmpty()) {
      groups.put("Other", other);
    }
    int nameWidth = subcommands.keySet().stream().mapToInt(String::length).max().orElse(0);
    int width = help.commandSpec().usageMessage().width();
    Help.ColorScheme colors = help.colorScheme();
    StringBuilder text = new StringBuilder();
    groups.forEach(
        (role, names) -> {
          Help.TextTable table =
              Help.TextTable.forColumns(
                  colors,
                  new Help.Column(nameWidth + 4, 2, Help.Column.Overflow.SPAN),
                  new Help.Column(width - nameWidth - 4, 1, Help.Column.Overflow.WRAP));
          for (String name : names) {
            Help sub = subcommands.get(name);
            if (sub == null) {
              continue;
            }
            String summary = SUMMARIES.get(name);
            if (summary == null) {
              String[] description = sub.commandSpec().usageMessage().description();
              summary = description.length == 0 ? "" : description[0];
            }
            table.addRowValues(colors.commandText(name), colors.text(summary));
          }
          text.append(String.format(text.isEmpty() ? "%s:%n" : "%n%s:%n", role)).append(table);
        });
    return text.toString();
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
