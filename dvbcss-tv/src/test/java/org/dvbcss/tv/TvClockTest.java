package org.dvbcss.tv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import org.dvbcss.clock.Clock;
import org.dvbcss.net.wc.WallClockServerConfig;
import org.dvbcss.protocol.wc.WcMessage;
import org.junit.jupiter.api.Test;

/** A TV whose wall clock is offset from and drifting against this machine's monotonic clock. */
class TvClockTest {
  private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

  private static TvConfig.Builder onLoopback() {
    return TvConfig.builder().webSocketAddress(ANY_LOOPBACK).wallClockAddress(ANY_LOOPBACK);
  }

  /** Asks the TV's CSS-WC server once and returns its answer. */
  private static WcMessage ask(Tv tv) throws Exception {
    URI wc = URI.create(tv.wcUrl());
    try (DatagramSocket socket = new DatagramSocket(ANY_LOOPBACK)) {
      socket.setSoTimeout(5_000);
      byte[] request = WcMessage.request(System.nanoTime()).encode();
      socket.send(
          new DatagramPacket(
              request, request.length, new InetSocketAddress("127.0.0.1", wc.getPort())));
      DatagramPacket answer = new DatagramPacket(new byte[64], 64);
      socket.receive(answer);
      return WcMessage.decode(java.util.Arrays.copyOf(answer.getData(), answer.getLength()));
    }
  }

  @Test
  void theWallClockIsTheMonotonicClockOffsetAndDriftingAsConfigured() throws Exception {
    try (Tv tv = Tv.start(onLoopback().clock(3.7, 300).build())) {
      Clock wall = tv.model().wallClock();
      long before = System.nanoTime();
      double read = wall.ticks();
      long after = System.nanoTime();
      // wall ns = monotonic ns + offset ns + monotonic ns * ppm / 10^6, at some instant in between
      assertThat(read).isBetween(lineAt(before), lineAt(after));

      WcMessage answer = ask(tv);
      double served = answer.receiveNanos();
      assertThat(served).isBetween(lineAt(before), lineAt(System.nanoTime()));
      // the machine's clock's own 500 ppm, and the drift on top of it
      assertThat(answer.maxFreqError() / 256.0).isCloseTo(800, within(1.0 / 256));
    }
  }

  private static double lineAt(long monotonicNanos) {
    return monotonicNanos + 3.7e9 + monotonicNanos * 300e-6;
  }

  @Test
  void aDeclaredFrequencyErrorIsRaisedByTheDrift() throws Exception {
    TvConfig config =
        onLoopback()
            .wallClock(
                WallClockServerConfig.builder().bind(ANY_LOOPBACK).maxFreqErrorPpm(50).build())
            .clock(0, -120)
            .build();
    try (Tv tv = Tv.start(config)) {
      assertThat(ask(tv).maxFreqError() / 256.0).isCloseTo(170, within(1.0 / 256));
    }
    try (Tv tv = Tv.start(config.toBuilder().clock(0, 0).build())) {
      assertThat(ask(tv).maxFreqError() / 256.0).isCloseTo(50, within(1.0 / 256));
      assertThat(tv.model().wallClock().ticks()).isCloseTo(System.nanoTime(), within(1e9));
    }
  }

  @Test
  void theConfigValidatesAndCopies() {
    TvConfig config = TvConfig.builder().transition(Duration.ofMillis(5)).clock(1, 2).build();
    assertThat(config.toBuilder().build()).isEqualTo(config);
    assertThat(TvConfig.defaults().transition()).isEqualTo(Duration.ofSeconds(1));
    assertThat(TvConfig.defaults().faults()).isEqualTo(Faults.NONE);
    assertThat(TvConfig.defaults().webSocket().bindAddress().getPort()).isZero();
    assertThat(TvConfig.defaults().wallClock().bind().getPort()).isZero();
    assertThatThrownBy(() -> TvConfig.builder().transition(Duration.ofMillis(-1)).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TvConfig.builder().clock(Double.NaN, 0).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TvConfig.builder().clock(0, -1e6).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TvConfig.builder().clock(0, Double.POSITIVE_INFINITY).build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
