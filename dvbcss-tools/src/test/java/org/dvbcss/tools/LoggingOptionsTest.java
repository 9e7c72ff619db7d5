package org.dvbcss.tools;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class LoggingOptionsTest {
  private static final Logger ROOT =
      (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private static final Logger PROJECT = (Logger) LoggerFactory.getLogger("org.dvbcss");

  private final StringWriter err = new StringWriter();

  /** A subcommand that records the levels in force while it runs, or fails if asked to. */
  @Command(name = "probe", mixinStandardHelpOptions = true)
  static final class Probe implements Callable<Integer> {
    @Mixin LoggingOptions logging;

    @CommandLine.Option(names = "--fail")
    boolean fail;

    Level effectiveProjectLevel;

    @Override
    public Integer call() {
      if (fail) {
        throw new IllegalStateException("the probe broke");
      }
      effectiveProjectLevel = PROJECT.getEffectiveLevel();
      return 0;
    }
  }

  private final Probe probe = new Probe();

  private int run(String... args) {
    return Main.commandLine().addSubcommand(probe).setErr(new PrintWriter(err, true)).execute(args);
  }

  @AfterEach
  void restoreLogbackXmlLevels() {
    ROOT.setLevel(Level.WARN);
    PROJECT.setLevel(Level.INFO);
  }

  @Test
  void withoutOptionsTheConfiguredLevelsApply() {
    assertThat(run("probe")).isZero();
    assertThat(probe.effectiveProjectLevel).isEqualTo(Level.INFO);
    assertThat(ROOT.getLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void logLevelSetsTheRootAndEveryLoggerFollows() {
    assertThat(run("probe", "--log-level", "Debug")).isZero();
    assertThat(ROOT.getLevel()).isEqualTo(Level.DEBUG);
    assertThat(probe.effectiveProjectLevel).isEqualTo(Level.DEBUG);
  }

  @Test
  void quietLogsErrorsOnlyAndWinsOverLogLevel() {
    assertThat(run("probe", "-q", "--log-level", "trace")).isZero();
    assertThat(probe.effectiveProjectLevel).isEqualTo(Level.ERROR);
  }

  @Test
  void aFailingSubcommandExitsWithOneAndSaysWhy() {
    assertThat(run("probe", "--quiet", "--fail")).isEqualTo(1);
    assertThat(err.toString()).contains("probe: the probe broke").doesNotContain("at org.dvbcss");
  }
}
