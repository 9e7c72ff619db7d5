package org.dvbcss.net.wc;

/** {@link WallClockServerHooksTest} on the blocking JDK transport. */
class WallClockBlockingServerHooksTest extends WallClockServerHooksTest {
  @Override
  WallClockServerConfig.Transport transport() {
    return WallClockServerConfig.Transport.BLOCKING;
  }
}
