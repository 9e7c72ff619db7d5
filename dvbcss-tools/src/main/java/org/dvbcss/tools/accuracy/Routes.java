package org.dvbcss.tools.accuracy;

import java.net.URI;
import java.util.Map;
import org.dvbcss.protocol.wc.UdpUrl;
import org.dvbcss.tv.Tv;

/**
 * Makes the route of a scenario to a started TV.
 *
 * <p>Thread safe (stateless).
 */
final class Routes {
  private Routes() {}

  /**
   * The direct route to a TV: the companion is given the TV's own URLs.
   *
   * @param tv the TV
   * @return the route
   */
  static Route open(Tv tv) {
    URI cii = URI.create(tv.ciiUrl());
    UdpUrl wc = UdpUrl.parse(tv.wcUrl());
    return new Route() {
      @Override
      public URI ciiUrl() {
        return cii;
      }

      @Override
      public UdpUrl wallClock() {
        return wc;
      }

      @Override
      public Map<String, Long> counters() {
        return Map.of();
      }

      @Override
      public void close() {}
    };
  }
}
