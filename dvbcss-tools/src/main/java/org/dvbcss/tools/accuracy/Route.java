package org.dvbcss.tools.accuracy;

import java.net.URI;
import java.util.Map;
import org.dvbcss.protocol.wc.UdpUrl;

/**
 * How a companion reaches the TV in a run: directly, or through an impairment proxy.
 *
 * <p>Implementations are started before the companion and closed after it. Thread safe.
 */
interface Route extends AutoCloseable {

  /**
   * The CII URL the companion is given.
   *
   * @return a ws:// URL
   */
  URI ciiUrl();

  /**
   * The CSS-WC server the companion is given, instead of the one CII advertises.
   *
   * @return a udp:// URL
   */
  UdpUrl wallClock();

  /**
   * What the route did, by name (datagrams dropped, delayed, ...); empty for a direct route.
   *
   * @return counters, a snapshot
   */
  Map<String, Long> counters();

  @Override
  void close();
}
