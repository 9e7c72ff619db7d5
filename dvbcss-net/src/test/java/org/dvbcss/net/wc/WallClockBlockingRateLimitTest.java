package org.dvbcss.net.wc;

/** {@link WallClockRateLimitTest} on the blocking JDK transport. */
class WallClockBlockingRateLimitTest extends WallClockRateLimitTest {
  @Override
  WallClockServerConfig.Transport transport() {
    return WallClockServerConfig.Transport.BLOCKING;
  }
}
