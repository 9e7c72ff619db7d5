package org.dvbcss.net.netsim;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated network: several proxies on one configuration and one script clock. {@code
 * Netsim.start(config, List.of(Route.udp(listen, wcServer), Route.tcp(listen, tvPort)))}, then
 * {@link #proxies()} for their listening addresses and {@link #counters} for what each leg did over
 * all of them; {@link #close()} stops them all.
 *
 * <p>Each proxy has its own models of the two legs (its own random stream, rate and counters), so
 * UDP and TCP traffic do not share a bandwidth. Thread safe.
 */
public final class Netsim implements AutoCloseable {

  /**
   * One proxied path.
   *
   * @param protocol UDP or TCP
   * @param listen where to listen ({@code 127.0.0.1:0} picks a free loopback port)
   * @param target where to forward
   */
  public record Route(Proxy.Protocol protocol, InetSocketAddress listen, InetSocketAddress target) {
    /**
     * A UDP route.
     *
     * @param listen where to listen
     * @param target where to forward
     * @return the route
     */
    public static Route udp(InetSocketAddress listen, InetSocketAddress target) {
      return new Route(Proxy.Protocol.UDP, listen, target);
    }

    /**
     * A TCP route.
     *
     * @param listen where to listen
     * @param target where to connect
     * @return the route
     */
    public static Route tcp(InetSocketAddress listen, InetSocketAddress target) {
      return new Route(Proxy.Protocol.TCP, listen, target);
    }
  }

  private final NetsimConfig config;
  private final long startNanos;
  private final List<Proxy> proxies;

  private Netsim(NetsimConfig config, long startNanos, List<Proxy> proxies) {
    this.config = config;
    this.startNanos = startNanos;
    this.proxies = List.copyOf(proxies);
  }

  /**
   * Starts a proxy for each route; the script's time 0 is now, for all of them.
   *
   * @param config the impairments and script
   * @param routes the paths to proxy
   * @return the running network
   * @throws IOException if a listening socket cannot be bound (those already started are closed)
   */
  public static Netsim start(NetsimConfig config, List<Route> routes) throws IOException {
    long start = System.nanoTime();
    List<Proxy> started = new ArrayList<>();
    try {
      for (Route r : routes) {
        started.add(
            r.protocol() == Proxy.Protocol.UDP
                ? UdpProxy.start(config, r.listen(), r.target(), start)
                : TcpProxy.start(config, r.listen(), r.target(), start));
      }
    } catch (IOException | RuntimeException e) {
      started.forEach(Proxy::close);
      throw e;
    }
    return new Netsim(config, start, started);
  }

  /**
   * The configuration it runs.
   *
   * @return the configuration
   */
  public NetsimConfig config() {
    return config;
  }

  /**
   * How long it has run: the script's time now.
   *
   * @return nanoseconds since the start
   */
  public long elapsedNanos() {
    return System.nanoTime() - startNanos;
  }

  /**
   * The running proxies, in the order of the routes.
   *
   * @return the proxies
   */
  public List<Proxy> proxies() {
    return proxies;
  }

  /**
   * What a leg did, summed over every proxy.
   *
   * @param leg the leg
   * @return the sum of the proxies' counters
   */
  public LinkCounters counters(Direction leg) {
    LinkCounters sum = LinkCounters.ZERO;
    for (Proxy p : proxies) {
      sum = sum.plus(p.counters(leg));
    }
    return sum;
  }

  /** Closes every proxy. */
  @Override
  public void close() {
    proxies.forEach(Proxy::close);
  }
}
