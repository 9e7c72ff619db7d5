package org.dvbcss.net.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.function.UnaryOperator;
import org.dvbcss.protocol.wc.LowestDispersion;
import org.dvbcss.protocol.wc.MostRecent;
import org.dvbcss.protocol.wc.WallClockAlgorithm;
import org.junit.jupiter.api.Test;

class WallClockConfigTest {
  @Test
  void serverDefaultsAreTheDocumentedOnes() {
    WallClockServerConfig c = WallClockServerConfig.defaults();
    assertThat(c.bind()).isEqualTo(new InetSocketAddress(WallClockServer.DEFAULT_PORT));
    assertThat(c.threads()).isEqualTo(1);
    assertThat(c.followUp()).isFalse();
    assertThat(c.precisionSeconds()).isNaN();
    assertThat(c.maxFreqErrorPpm()).isNaN();
    assertThat(c.hasRateLimit()).isFalse();
    assertThat(c.rateLimitBurst()).isZero();
    assertThat(WallClockServerConfig.builder().build()).isEqualTo(c);
  }

  @Test
  void serverToBuilderKeepsEveryOption() {
    WallClockServerConfig c =
        WallClockServerConfig.builder()
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .threads(3)
            .followUp(true)
            .precision(0.001)
            .maxFreqErrorPpm(50)
            .rateLimit(20, 40)
            .build();
    assertThat(c.toBuilder().build()).isEqualTo(c);
    assertThat(c.toBuilder().noRateLimit().build().hasRateLimit()).isFalse();
    assertThat(c.toBuilder().threads(2).build()).isNotEqualTo(c).extracting("threads").isEqualTo(2);
  }

  @Test
  void serverRejectsNonsense() {
    WallClockServerConfig.Builder b = WallClockServerConfig.builder();
    assertThatThrownBy(() -> b.threads(0).build()).hasMessageContaining("threads");
    assertThatThrownBy(() -> WallClockServerConfig.builder().precision(0).build())
        .hasMessageContaining("precision");
    assertThatThrownBy(
            () -> WallClockServerConfig.builder().precision(Double.POSITIVE_INFINITY).build())
        .hasMessageContaining("precision");
    assertThatThrownBy(() -> WallClockServerConfig.builder().maxFreqErrorPpm(-1).build())
        .hasMessageContaining("maxFreqErrorPpm");
    InetSocketAddress any = new InetSocketAddress(0);
    assertThatThrownBy(
            () ->
                new WallClockServerConfig(
                    any,
                    1,
                    false,
                    Double.NaN,
                    Double.NaN,
                    5,
                    0,
                    UnaryOperator.identity(),
                    false,
                    false))
        .hasMessageContaining("burst");
    assertThatThrownBy(
            () ->
                new WallClockServerConfig(
                    any,
                    1,
                    false,
                    Double.NaN,
                    Double.NaN,
                    0,
                    5,
                    UnaryOperator.identity(),
                    false,
                    false))
        .hasMessageContaining("rate");
  }

  @Test
  void clientDefaultsMakeAFreshLowestDispersionEachTime() {
    WallClockClientConfig c = WallClockClientConfig.defaults();
    assertThat(c.bind()).isNull();
    WallClockAlgorithm first = c.algorithm().get();
    assertThat(first).isInstanceOf(LowestDispersion.class);
    assertThat(c.algorithm().get()).isNotSameAs(first);
  }

  @Test
  void clientToBuilderKeepsEveryOption() {
    InetSocketAddress bind = new InetSocketAddress("127.0.0.1", 0);
    WallClockClientConfig c =
        WallClockClientConfig.builder().bind(bind).algorithm(MostRecent::new).build();
    WallClockClientConfig copy = c.toBuilder().build();
    assertThat(copy).isEqualTo(c);
    assertThat(copy.bind()).isEqualTo(bind);
    assertThat(copy.algorithm().get()).isInstanceOf(MostRecent.class);
    assertThat(c.toBuilder().bind(null).build().bind()).isNull();
  }
}
