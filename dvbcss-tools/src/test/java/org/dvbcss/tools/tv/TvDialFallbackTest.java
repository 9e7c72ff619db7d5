package org.dvbcss.tools.tv;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.dvbcss.tools.CommandRun;
import org.junit.jupiter.api.Test;

/** A TV whose SSDP port is held by another program still runs, without DIAL, and says so. */
class TvDialFallbackTest {
  @Test
  void aTakenSsdpPortTurnsDialOffInsteadOfStoppingTheTv() throws Exception {
    // a socket that does not share its port, as some SSDP services hold 1900
    try (DatagramSocket taken = new DatagramSocket(null)) {
      taken.setReuseAddress(false);
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      CommandRun run = new CommandRun();
      int status =
          run.execute(
              "tv",
              "127.0.0.1",
              "0",
              "127.0.0.1",
              "0",
              "--ssdp-address",
              "127.0.0.1:" + taken.getLocalPort(),
              "--no-keyboard",
              "--duration",
              "1",
              "-q");
      assertThat(status).as(run.err.toString()).isZero();
      assertThat(run.err.toString())
          .contains("DIAL off: SSDP could not use 127.0.0.1:" + taken.getLocalPort());
      assertThat(run.out.toString()).contains("CII ws://127.0.0.1:").doesNotContain("DIAL http");
    }
  }
}
