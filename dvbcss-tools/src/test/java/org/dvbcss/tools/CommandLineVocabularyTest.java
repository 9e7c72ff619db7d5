package org.dvbcss.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The shared vocabulary of the commands (docs/cli.md): one name for each thing, and the old
 * spellings still working, each with its deprecation note.
 */
class CommandLineVocabularyTest {

  /** The parsed subcommand, and what parsing printed on stderr. */
  private record Parsed(CommandSpec command, String err) {}

  private static Parsed parse(List<String> args) {
    StringWriter err = new StringWriter();
    ParseResult result =
        Main.commandLine()
            .setErr(new PrintWriter(err, true))
            .parseArgs(args.toArray(String[]::new));
    return new Parsed(result.subcommand().commandSpec(), err.toString());
  }

  /** Command, canonical option, canonical spelling, old spelling. */
  static Stream<Arguments> oldSpellings() {
    String ts = "ws://127.0.0.1:7681/ts";
    return Stream.of(
        Arguments.of(
            "--timeline",
            List.of("ts-load", ts, "--timeline", "urn:x"),
            List.of("ts-load", ts, "--selector", "urn:x"),
            "dvbcss ts-load: --selector is deprecated, use --timeline"),
        Arguments.of(
            "--status",
            List.of("cii-server", "--status", "4"),
            List.of("cii-server", "--stats", "4"),
            "dvbcss cii-server: --stats is deprecated, use --status"),
        Arguments.of(
            "--status",
            List.of("ts-server", "--status", "4"),
            List.of("ts-server", "--stats", "4"),
            "dvbcss ts-server: --stats is deprecated, use --status"),
        Arguments.of(
            "--demo",
            List.of("tv", "--demo"),
            List.of("tv", "--cycle"),
            "dvbcss tv: --cycle is deprecated, use --demo"),
        Arguments.of(
            "--change-every",
            List.of("abuse", "--change-every", "0.04"),
            List.of("abuse", "--change-interval", "40"),
            "dvbcss abuse: --change-interval is deprecated, use --change-every"));
  }

  @ParameterizedTest
  @MethodSource("oldSpellings")
  void anOldSpellingSetsWhatTheCanonicalOneSetsAndSaysItIsDeprecated(
      String option, List<String> canonical, List<String> old, String note) {
    Parsed now = parse(canonical);
    Parsed before = parse(old);
    Object value = now.command().findOption(option).getValue();
    Object byDefault =
        parse(canonical.subList(0, canonical.size() - (value instanceof Boolean ? 1 : 2)))
            .command()
            .findOption(option)
            .getValue();
    assertThat(value).isNotEqualTo(byDefault);
    assertThat(before.command().findOption(option).<Object>getValue()).isEqualTo(value);
    assertThat(before.err().lines()).containsExactly(note);
    assertThat(now.err()).isEmpty();
  }

  @Test
  void theOldSpellingsAreHiddenFromEveryCommandsHelp() {
    Map<String, CommandLine> commands = Main.commandLine().getSubcommands();
    for (CommandLine command : commands.values()) {
      for (String old : List.of("--stats", "--cycle", "--selector", "--change-interval")) {
        OptionSpec option = command.getCommandSpec().findOption(old);
        if (option != null) {
          assertThat(option.hidden()).as(command.getCommandName() + " " + old).isTrue();
        }
      }
    }
  }

  @Test
  void eachThingHasOneNameWhereverItIsTaken() {
    Map<String, CommandLine> commands = Main.commandLine().getSubcommands();
    for (String name : List.of("companion", "ts-client", "ts-load")) {
      assertThat(commands.get(name).getCommandSpec().findOption("--timeline")).as(name).isNotNull();
    }
    for (String name : List.of("tv", "cii-server", "ts-server")) {
      CommandSpec spec = commands.get(name).getCommandSpec();
      assertThat(spec.findOption("--status")).as(name).isNotNull();
      assertThat(spec.findOption("--demo")).as(name).isNotNull();
    }
    for (CommandLine command : commands.values()) {
      for (OptionSpec option : command.getCommandSpec().options()) {
        if (!option.hidden() && option.paramLabel().equals("MILLIS")) {
          throw new AssertionError(command.getCommandName() + " takes milliseconds");
        }
      }
    }
  }

  /** A command that reports the same old spelling twice. */
  @Command(name = "twice")
  static final class Twice implements Callable<Integer> {
    @Mixin Deprecations deprecations;

    @Override
    public Integer call() {
      deprecations.used("--old", "--new");
      deprecations.used("--old", "--new");
      deprecations.used("--older", "--new");
      return 0;
    }
  }

  @Test
  void eachOldSpellingIsNotedOnce() {
    StringWriter err = new StringWriter();
    new CommandLine(new Twice()).setErr(new PrintWriter(err, true)).execute();
    assertThat(err.toString().lines())
        .containsExactly(
            "twice: --old is deprecated, use --new", "twice: --older is deprecated, use --new");
  }
}
