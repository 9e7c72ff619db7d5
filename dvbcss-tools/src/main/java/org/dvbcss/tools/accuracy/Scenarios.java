package org.dvbcss.tools.accuracy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dvbcss.net.netsim.LinkImpairment;
import org.dvbcss.net.netsim.NetsimConfig;
import org.dvbcss.net.netsim.Script;

/**
 * The scenarios {@code dvbcss accuracy} offers. Each impaired one runs the CSS-WC path through
 * {@code dvbcss netsim} with a fixed seed, so two runs see the same losses and delays.
 *
 * <p>Thread safe (stateless).
 */
final class Scenarios {
  private static final long MS = 1_000_000L;
  private static final long SEED = 20261202L;

  private Scenarios() {}

  /**
   * Every scenario, in report order.
   *
   * @return the scenarios
   */
  static List<Scenario> all() {
    Duration minute = Duration.ofSeconds(60);
    return List.of(
        new Scenario(
            "clean", "loopback, the TV's clock running true", minute, 0, Impairment.DIRECT),
        new Scenario(
            "tv-drift",
            "loopback, the TV's wall clock 500 ppm fast (it declares 1000 ppm)",
            minute,
            500,
            Impairment.DIRECT),
        new Scenario(
            "wifi",
            "Wi-Fi-like: each leg 2 ms + up to 8 ms of jitter, 1 % loss",
            minute,
            0,
            netsim(
                LinkImpairment.builder().delayNanos(2 * MS).jitterNanos(8 * MS).loss(0.01).build(),
                Script.NONE)),
        new Scenario(
            "one-leg",
            "30 ms on the request leg only, nothing on the response leg",
            minute,
            0,
            Impairment.of(
                NetsimConfig.builder()
                    .seed(SEED)
                    .toServer(LinkImpairment.builder().delayNanos(30 * MS).build())
                    .toClient(LinkImpairment.NONE)
                    .build())),
        new Scenario(
            "loss-bursts",
            "1 ms each leg, losses in bursts (a bad state entered 2 % of the time, left 20 %)",
            minute,
            0,
            netsim(LinkImpairment.builder().delayNanos(MS).burst(0.02, 0.2).build(), Script.NONE)),
        new Scenario(
            "route-change",
            "1 ms each leg; from 30 s the request leg takes 20 ms more",
            minute,
            0,
            netsim(
                LinkImpairment.builder().delayNanos(MS).build(),
                Script.parse("at 30s to-server delay +20ms"))),
        new Scenario(
            "outage",
            "1 ms each leg; every datagram lost from 60 s to 90 s",
            Duration.ofSeconds(120),
            0,
            netsim(
                LinkImpairment.builder().delayNanos(MS).build(),
                Script.parse("from 60s to 90s outage"))),
        new Scenario(
            "drift-outage",
            "the TV's clock 500 ppm fast, 1 ms each leg, and an outage from 60 s to 90 s",
            Duration.ofSeconds(120),
            500,
            netsim(
                LinkImpairment.builder().delayNanos(MS).build(),
                Script.parse("from 60s to 90s outage"))),
        new Scenario(
            "player",
            "Wi-Fi-like path, and a simulated player (20 ms position steps, 150 ms seeks) kept in"
                + " step by the player synchroniser",
            minute,
            0,
            netsim(
                LinkImpairment.builder().delayNanos(2 * MS).jitterNanos(8 * MS).loss(0.01).build(),
                Script.NONE),
            true));
  }

  private static Impairment netsim(LinkImpairment each, Script script) {
    return Impairment.of(NetsimConfig.builder().seed(SEED).both(each).script(script).build());
  }

  /**
   * The scenario of that name.
   *
   * @param name its name
   * @return the scenario, or empty
   */
  static Optional<Scenario> named(String name) {
    return all().stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
