package org.dvbcss.tools.abuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** How {@code dvbcss abuse} makes and runs its bad clients, without a server. */
class ArenaTest {
  private static final Target CII =
      new Target(new InetSocketAddress(InetAddress.getLoopbackAddress(), 7681), "/cii", false);
  private static final Target TS =
      new Target(new InetSocketAddress(InetAddress.getLoopbackAddress(), 7682), "/ts", true);

  @Test
  void aTargetIsTheUrlsAddressAndRawPath() throws IOException {
    Target t = Target.of(URI.create("ws://127.0.0.1:7681/a%20b"), true);
    assertThat(t.address()).isEqualTo(new InetSocketAddress("127.0.0.1", 7681));
    assertThat(t.path()).isEqualTo("/a%20b");
    assertThat(t.timestamps()).isTrue();
    Target bare = Target.of(URI.create("ws://127.0.0.1"), false);
    assertThat(bare.address().getPort()).isEqualTo(80);
    assertThat(bare.path()).isEqualTo("/");
  }

  @Test
  void oddIndexesGoToTsIfThereIsOne() {
    Arena both = new Arena(CII, TS, 3000, 4097);
    assertThat(both.target(0)).isSameAs(CII);
    assertThat(both.target(1)).isSameAs(TS);
    assertThat(both.target(2)).isSameAs(CII);
    Arena ciiOnly = new Arena(CII, null, 3000, 4097);
    assertThat(ciiOnly.target(1)).isSameAs(CII);
  }

  @Test
  void eachKindHasItsOwnClient() {
    Arena arena = new Arena(CII, TS, 3000, 4097);
    assertThat(arena.abuser(Kind.INVALID_JSON, 1)).isEqualTo(new InvalidJsonClient(TS));
    assertThat(arena.abuser(Kind.SLOW, 0)).isEqualTo(new SlowReader(CII, 3000));
    assertThat(arena.abuser(Kind.PING_FLOOD, 0)).isEqualTo(new PingFlooder(CII));
    assertThat(arena.abuser(Kind.HALF_REQUEST, 0)).isEqualTo(new HalfRequestClient(CII, true));
    assertThat(arena.abuser(Kind.HALF_REQUEST, 1)).isEqualTo(new HalfRequestClient(TS, false));
    assertThat(arena.abuser(Kind.STALL, 0)).isEqualTo(new StalledRequestClient(CII, 3000));
    assertThat(arena.abuser(Kind.SILENT, 0)).isEqualTo(new SilentClient(CII, 3000));
    assertThat(arena.abuser(Kind.OVERSIZE, 0))
        .isInstanceOfSatisfying(BadFrameClient.class, c -> assertThat(c.payload()).hasSize(4097));
    assertThat(arena.abuser(Kind.BINARY, 0)).isInstanceOf(BadFrameClient.class);
    assertThat(arena.abuser(Kind.BAD_UTF8, 0)).isInstanceOf(BadFrameClient.class);
    assertThat(arena.flooder()).isEqualTo(new FloodClient(CII, 3000));
    assertThatThrownBy(() -> arena.abuser(Kind.FLOOD, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anAbuserThatFailsIsCountedInAndFailed() throws Exception {
    Round round = new Round(2, 0);
    assertThat(
            Arena.task(
                    r -> {
                      throw new IOException("refused");
                    },
                    round)
                .call())
        .isEqualTo(Result.FAILED);
    assertThat(
            Arena.task(
                    r -> {
                      throw new IllegalStateException("bug");
                    },
                    round)
                .call())
        .isEqualTo(Result.FAILED);
    assertThat(round.abusersIn().getCount()).isZero();
    assertThat(Arena.task(r -> Result.OPENED, new Round(1, 0)).call()).isEqualTo(Result.OPENED);
  }

  @Test
  void keepAliveAndReadTimeoutsFollowTheIdleTimeout() {
    assertThat(RawClients.keepAliveMillis(3000)).isEqualTo(750);
    assertThat(RawClients.keepAliveMillis(20)).isEqualTo(10);
    assertThat(RawClients.beyondIdle(1000)).isEqualTo(6000);
    assertThat(RawClients.beyondIdle(Long.MAX_VALUE / 2)).isEqualTo(Integer.MAX_VALUE);
  }
}
