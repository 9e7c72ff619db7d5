package org.dvbcss.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine =
        Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void versionPrintsProjectAndJavaVersions() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString().strip())
        .matches("dvbcss \\d+\\.\\d+\\.\\d+\\S* \\(Java \\S+\\)")
        .contains(System.getProperty("java.version"));
  }

  @Test
  void helpListsSubcommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("Usage: dvbcss", "clocks-demo", "help");
  }

  @Test
  void helpGroupsTheCommandsByRoleWithOneLineEach() {
    assertThat(run("--help")).isZero();
    String help = out.toString();
    assertThat(help)
        .containsSubsequence(
            "TV side:",
            "  tv ",
            "  cii-server ",
            "Companion side:",
            "  companion ",
            "Load and abuse:",
            "  abuse ",
            "Diagnostics:",
            "  clocks-demo ");
    // every command has a role and its line fits the usage width
    assertThat(Main.commandLine().getSubcommands().keySet())
        .allMatch(name -> Main.ROLES.values().stream().anyMatch(names -> names.contains(name)))
        .allMatch(Main.SUMMARIES::containsKey);
    assertThat(help).doesNotContain("Other:");
    for (String name : Main.commandLine().getSubcommands().keySet()) {
      assertThat(help.lines().filter(l -> l.startsWith("  " + name + " ")))
          .singleElement()
          .satisfies(l -> assertThat(l).endsWith(Main.SUMMARIES.get(name)));
    }
  }

  @Test
  void subcommandHelpShowsLoggingOptions() {
    assertThat(run("clocks-demo", "--help")).isZero();
    assertThat(out.toString()).contains("--quiet", "--log-level=LEVEL", "--duration=SECONDS");
  }

  @Test
  void everyHelpTextIsAValidFormat() {
    // picocli formats each line of a command's description with String.format and, when that
    // fails (a lone '%'), prints a warning and the raw text: every line must format. (Options'
    // descriptions come back from the model already formatted.)
    List<String> lines = new ArrayList<>();
    for (CommandLine sub : Main.commandLine().getSubcommands().values()) {
      CommandLine.Model.CommandSpec spec = sub.getCommandSpec();
      lines.addAll(List.of(spec.usageMessage().description()));
      lines.addAll(List.of(spec.usageMessage().footer()));
      lines.addAll(List.of(spec.usageMessage().header()));
    }
    assertThat(lines).hasSizeGreaterThan(20);
    for (String line : lines) {
      assertThatCode(() -> String.format(line)).as(line).doesNotThrowAnyException();
    }
  }

  @Test
  void unknownOptionIsAUsageError() {
    assertThat(run("--no-such-option")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option: '--no-such-option'");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void missingSubcommandIsAUsageError() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("Missing subcommand");
  }

  @Test
  void badLogLevelIsAUsageError() {
    assertThat(run("clocks-demo", "--log-level", "loud")).isEqualTo(2);
    assertThat(err.toString()).contains("'loud' is not a log level");
  }
}
