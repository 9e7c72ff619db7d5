package org.dvbcss.net.wc;

/** {@link WallClockRestartTest} on the blocking JDK transport. */
class WallClockBlockingRestartTest extends WallClockRestartTest {
  @Override
  WallClockServerConfig.Transport transport() {
    return WallClockServerConfig.Transport.BLOCKING;
  }
}
