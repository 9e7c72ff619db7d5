package org.dvbcss.tools.accuracy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dvbcss.net.netsim.Direction;
import org.dvbcss.net.netsim.LinkCounters;
import org.dvbcss.net.netsim.Netsim;
import org.dvbcss.net.netsim.NetsimConfig;
import org.dvbcss.protocol.wc.UdpUrl;
import org.dvbcss.tv.Tv;
import org.jspecify.annotations.Nullable;

/**
 * Makes the route of a scenario to a started TV: the companion is given the TV's CII URL, and the
 * TV's CSS-WC server either directly or through a {@link Netsim} UDP proxy on 127.0.0.1.
 *
 * <p>Only the CSS-WC path is impaired: the error bound is made from CSS-WC measurements, while
 * CSS-CII and CSS-TS messages carry no timing in when they arrive (a control timestamp maps the
 * timeline to the wall clock whenever it arrives), and the scenarios do not change the TV's
 * timeline while they run.
 *
 * <p>Thread safe (stateless).
 */
final class Routes {
  private Routes() {}

  /**
   * The route a scenario asks for.
   *
   * @param tv the TV
   * @param impairment what the route does
   * @return the route, to close after the companion
   */
  static Route open(Tv tv, Impairment impairment) {
    URI cii = URI.create(tv.ciiUrl());
    UdpUrl wc = UdpUrl.parse(tv.wcUrl());
    NetsimConfig config = impairment.netsim();
    if (config == null) {
      return new Fixed(cii, wc, null);
    }
    try {
      Netsim netsim =
          Netsim.start(
              config,
              List.of(
                  Netsim.Route.udp(
                      new InetSocketAddress("127.0.0.1", 0),
                      new InetSocketAddress(wc.host(), wc.port()))));
      InetSocketAddress front = netsim.proxies().get(0).localAddress();
      return new Fixed(cii, UdpUrl.of(front.getAddress(), front.getPort()), netsim);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A route with fixed URLs, and the proxy to close, if any. */
  private record Fixed(URI ciiUrl, UdpUrl wallClock, @Nullable Netsim netsim) implements Route {
    @Override
    public Map<String, Long> counters() {
      Map<String, Long> out = new LinkedHashMap<>();
      Netsim n = netsim;
      if (n == null) {
        return out;
      }
      for (Direction leg : Direction.values()) {
        LinkCounters c = n.counters(leg);
        out.put(leg.label() + " forwarded", c.forwarded());
        out.put(leg.label() + " dropped", c.dropped());
        out.put(leg.label() + " duplicated", c.duplicated());
        out.put(leg.label() + " reordered", c.reordered());
      }
      return out;
    }

    @Override
    public void close() {
      Netsim n = netsim;
      if (n != null) {
        n.close();
      }
    }
  }
}
