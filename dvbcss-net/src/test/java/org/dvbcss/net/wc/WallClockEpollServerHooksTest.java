package org.dvbcss.net.wc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;

/** {@link WallClockServerHooksTest} on Netty's native epoll transport, where it is available. */
class WallClockEpollServerHooksTest extends WallClockServerHooksTest {
  @BeforeEach
  void needsEpoll() {
    assumeTrue(EpollWallClockTransport.isAvailable(), "native epoll is not available here");
  }

  @Override
  WallClockServerConfig.Transport transport() {
    return WallClockServerConfig.Transport.EPOLL;
  }
}
