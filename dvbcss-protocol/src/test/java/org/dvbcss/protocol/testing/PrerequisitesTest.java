package org.dvbcss.protocol.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.dvbcss.protocol.testing.Prerequisites.Outcome;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PrerequisitesTest {

  private static UnaryOperator<String> env(Map<String, String> vars) {
    return vars::get;
  }

  @Test
  void presentRunsWhateverTheEnvironment() {
    assertThat(Prerequisites.decide(true, env(Map.of()), "CI")).isEqualTo(Outcome.RUN);
    assertThat(Prerequisites.decide(true, env(Map.of("CI", "true")), "CI")).isEqualTo(Outcome.RUN);
  }

  @Test
  void missingSkipsWhenNoDemandingVariableIsSet() {
    assertThat(Prerequisites.decide(false, env(Map.of()), "CI")).isEqualTo(Outcome.SKIP);
    assertThat(Prerequisites.decide(false, env(Map.of("OTHER", "1")), "CI"))
        .isEqualTo(Outcome.SKIP);
    assertThat(Prerequisites.decide(false, env(Map.of("CI", "true")))).isEqualTo(Outcome.SKIP);
  }

  @Test
  void anEmptyOrBlankVariableDoesNotDemand() {
    assertThat(Prerequisites.decide(false, env(Map.of("CI", "")), "CI")).isEqualTo(Outcome.SKIP);
    assertThat(Prerequisites.decide(false, env(Map.of("CI", "  ")), "CI")).isEqualTo(Outcome.SKIP);
  }

  @Test
  void missingFailsWhenAnyDemandingVariableIsSet() {
    assertThat(Prerequisites.decide(false, env(Map.of("CI", "true")), "CI"))
        .isEqualTo(Outcome.FAIL);
    assertThat(Prerequisites.decide(false, env(Map.of("CI", "1")), "CI")).isEqualTo(Outcome.FAIL);
    assertThat(Prerequisites.decide(false, env(Map.of("B", "yes")), "A", "B"))
        .isEqualTo(Outcome.FAIL);
  }

  @Test
  void requireAbortsFailsOrPassesAsDecided() {
    assertThatCode(() -> Prerequisites.require(true, "x missing", env(Map.of("CI", "1")), "CI"))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> Prerequisites.require(false, "x missing", env(Map.of()), "CI"))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("x missing");
    assertThatThrownBy(
            () -> Prerequisites.require(false, "x missing", env(Map.of("CI", "true")), "CI"))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("x missing")
        .hasMessageContaining("CI is set");
  }
}
