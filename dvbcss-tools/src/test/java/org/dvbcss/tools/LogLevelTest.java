package org.dvbcss.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class LogLevelTest {

  @Test
  void parsesNamesIgnoringCase() {
    assertThat(LogLevel.parse("debug")).isEqualTo(LogLevel.DEBUG);
    assertThat(LogLevel.parse("Info")).isEqualTo(LogLevel.INFO);
    assertThat(LogLevel.parse("TRACE")).isEqualTo(LogLevel.TRACE);
  }

  @Test
  void acceptsWarningForWarn() {
    assertThat(LogLevel.parse("warning")).isEqualTo(LogLevel.WARN);
    assertThat(LogLevel.parse("WARN")).isEqualTo(LogLevel.WARN);
  }

  @Test
  void rejectsOtherNames() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LogLevel.parse("verbose"))
        .withMessage("'verbose' is not a log level (trace, debug, info, warn, error)");
  }
}
