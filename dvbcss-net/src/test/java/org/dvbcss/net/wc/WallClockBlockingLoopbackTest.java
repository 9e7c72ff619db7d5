package org.dvbcss.net.wc;

/** {@link WallClockLoopbackTest} on the blocking JDK transport. */
class WallClockBlockingLoopbackTest extends WallClockLoopbackTest {
  @Override
  WallClockServerConfig.Transport transport() {
    return WallClockServerConfig.Transport.BLOCKING;
  }
}
