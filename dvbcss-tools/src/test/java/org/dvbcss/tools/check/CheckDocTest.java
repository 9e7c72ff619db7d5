package org.dvbcss.tools.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dvbcss.companion.check.GuidedStep;
import org.dvbcss.companion.check.Rule;
import org.dvbcss.companion.check.Rules;
import org.dvbcss.tv.Fault;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** docs/check.md explains every rule, names the rule that catches every fault, and every option. */
class CheckDocTest {
  private static final Path BASE = Path.of(System.getProperty("basedir", "."));

  private static String doc() throws Exception {
    return Files.readString(BASE.resolve("../docs/check.md"));
  }

  @Test
  void everyRuleHasAnEntry() throws Exception {
    String doc = doc();
    for (Rule r : Rules.all()) {
      assertThat(doc).as(r.id()).contains("- **" + r.id() + "**");
    }
  }

  @Test
  void theRecalledRulesAreNamed() throws Exception {
    String doc = doc();
    int at = doc.indexOf("A rule marked **recalled**");
    String paragraph = doc.substring(at, doc.indexOf("\n\n", at));
    for (Rule r : Rules.all()) {
      if (r.confidence() == org.dvbcss.companion.check.Confidence.RECALLED) {
        assertThat(paragraph).as(r.id()).contains(r.id());
      }
    }
  }

  @Test
  void everyFaultOfTheSimulatedTvIsInTheTableWithARule() throws Exception {
    String doc = doc();
    for (Fault f : Fault.values()) {
      assertThat(doc.lines().filter(l -> l.startsWith("| `" + f.shortName() + "` | R-")))
          .as(f.shortName())
          .hasSize(1);
    }
  }

  @Test
  void everyOptionAndStepIsDocumented() throws Exception {
    String doc = doc();
    for (OptionSpec o : new CommandLine(new CheckCommand()).getCommandSpec().options()) {
      if (o.hidden() || o.longestName().equals("--help") || o.longestName().equals("--version")) {
        continue;
      }
      if (o.longestName().equals("--log-level") || o.longestName().equals("--quiet")) {
        continue;
      }
      assertThat(doc).as(o.longestName()).contains("`" + o.longestName());
    }
    for (GuidedStep s : GuidedStep.values()) {
      assertThat(doc).contains("| `" + TerminalGuide.spelling(s) + "` |");
    }
  }
}
