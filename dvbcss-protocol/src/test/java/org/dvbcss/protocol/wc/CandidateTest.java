package org.dvbcss.protocol.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.dvbcss.protocol.wc.WcMessage.Type;
import org.junit.jupiter.api.Test;

class CandidateTest {
  // t1=1000, t2=10000, t3=10200, t4=1400 ns; precision 2^-10 s; 7680/256 = 30 ppm
  static final WcMessage RESPONSE = new WcMessage(Type.RESPONSE, -10, 7680, 1000, 10_000, 10_200);

  @Test
  void takesItsFieldsFromTheResponse() {
    Candidate c = Candidate.of(RESPONSE, 1400);
    assertThat(c).isEqualTo(new Candidate(1000, 10_000, 10_200, 1400, 0.0009765625, 30.0));
  }

  @Test
  void offsetAndRoundTripByHand() {
    Candidate c = Candidate.of(RESPONSE, 1400);
    // ((10200 + 10000) - (1400 + 1000)) / 2 = (20200 - 2400) / 2
    assertThat(c.offsetNanos()).isEqualTo(8900.0);
    // (1400 - 1000) - (10200 - 10000)
    assertThat(c.rttNanos()).isEqualTo(200);
    assertThat(new Candidate(0, 10, 10, 1, 0, 0).offsetNanos()).isEqualTo(9.5);
  }

  @Test
  void correlationByHand() {
    SysClock local =
        SysClock.builder().timeSource(new ManualTimeSource()).precision(1e-6).build(); // 500 ppm
    CorrelatedClock wall = new CorrelatedClock(local, 1e9);
    Correlation corr = Candidate.of(RESPONSE, 1400).correlationFor(wall);
    assertThat(corr.parentTicks()).isEqualTo(1200.0);
    assertThat(corr.childTicks()).isEqualTo(10_100.0);
    // growth (mfeC + mfeS) / (1 - mfeC) per local second
    double growth = 530e-6 / (1 - 500e-6);
    // 2^-10 s + growth * 1 us + (rtt/2 + (mfeC + mfeS)*(t4-t1)) ns
    //        = 0.0009765625 + growth * 1e-6 + (100 + 500e-6*400 + 30e-6*400) / 1e9
    assertThat(corr.initialError())
        .isCloseTo(0.0009765625 + growth * 1e-6 + 100.212e-9, within(1e-15));
    assertThat(corr.errorGrowthRate()).isCloseTo(growth, within(1e-15));
  }

  @Test
  void correlationWithAnExplicitLocalErrorAndOtherTickRates() {
    SysClock local =
        SysClock.builder().timeSource(new ManualTimeSource()).tickRate(1e6).precision(1e-6).build();
    CorrelatedClock wall = new CorrelatedClock(local, 1000);
    Correlation corr = Candidate.of(RESPONSE, 1400).correlationFor(wall, 0);
    assertThat(corr.parentTicks()).isCloseTo(1.2, within(1e-12)); // 1200 ns at 1 MHz
    assertThat(corr.childTicks()).isCloseTo(0.0101, within(1e-12)); // 10100 ns at 1 kHz
    // with 30e-6 * 1e-6 for the local precision's age
    assertThat(corr.initialError()).isCloseTo(0.0009765625 + 100.042e-9, within(1e-15));
    assertThat(corr.errorGrowthRate()).isCloseTo(30e-6, within(1e-15));
  }

  @Test
  void aServerClaimingMoreTimeThanPassedHasNoCorrelation() {
    SysClock local = SysClock.builder().timeSource(new ManualTimeSource()).precision(1e-6).build();
    CorrelatedClock wall = new CorrelatedClock(local, 1e9);
    Candidate c = new Candidate(1000, 5000, 4000, 1100, 0, 0); // rtt = 100 - (-1000)
    assertThat(c.rttNanos()).isEqualTo(1100);
    Candidate odd = new Candidate(1000, 5000, 6000, 1100, 0, 0); // rtt = 100 - 1000 < 0
    assertThat(odd.rttNanos()).isEqualTo(-900);
    assertThatThrownBy(() -> odd.correlationFor(wall, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a negative round-trip time (-900 ns) is an inconsistent measurement");
    assertThat(c.correlationFor(wall, 0).initialError()).isEqualTo(550e-9);
    assertThatThrownBy(() -> c.correlationFor(wall, 1e6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("may stand still");
  }

  @Test
  void rejectsRequestsAndTimeTravel() {
    assertThatThrownBy(() -> Candidate.of(WcMessage.request(5), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a candidate needs a response, not REQUEST");
    assertThatThrownBy(() -> Candidate.of(RESPONSE, 999))
        .hasMessage("t4 must not be before t1: t1=1000, t4=999");
    assertThatThrownBy(() -> new Candidate(0, 0, 0, 0, -1, 0))
        .hasMessage("serverPrecision must be >= 0 seconds, was -1.0");
    assertThatThrownBy(() -> new Candidate(0, 0, 0, 0, 0, Double.NaN))
        .hasMessage("serverMaxFreqErrorPpm must be >= 0, was NaN");
  }
}
