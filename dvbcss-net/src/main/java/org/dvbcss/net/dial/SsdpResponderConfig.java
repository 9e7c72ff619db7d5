package org.dvbcss.net.dial;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * How an {@link SsdpResponder} listens and what it says.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>Setting</th><th>Default</th></tr>
 *   <tr><td>{@code bindAddress}</td><td>{@code 0.0.0.0:1900}</td></tr>
 *   <tr><td>{@code joinMulticast}</td><td>true (only acted on for a wildcard bind address)</td></tr>
 *   <tr><td>{@code reuseAddress}</td><td>true</td></tr>
 *   <tr><td>{@code maxAgeSeconds}</td><td>1800</td></tr>
 *   <tr><td>{@code server}</td><td>{@code Java UPnP/1.1 dvbcss-java/1}</td></tr>
 * </table>
 *
 * @param bindAddress the UDP address to listen on; port 0 picks a free one
 * @param joinMulticast whether to join the SSDP group {@code 239.255.255.250} on every multicast
 *     capable interface; only done when {@code bindAddress} is a wildcard address (a socket bound
 *     to one address, such as 127.0.0.1, never joins)
 * @param reuseAddress whether to bind with {@code SO_REUSEADDR} (other SSDP stacks on the machine
 *     often hold port 1900)
 * @param maxAgeSeconds the {@code max-age} of the answers' {@code CACHE-CONTROL}, in seconds
 * @param server the answers' {@code SERVER} header
 */
public record SsdpResponderConfig(
    InetSocketAddress bindAddress,
    boolean joinMulticast,
    boolean reuseAddress,
    int maxAgeSeconds,
    String server) {
  /** The SSDP port. */
  public static final int SSDP_PORT = 1900;

  /** Validates. */
  public SsdpResponderConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(server, "server");
    if (maxAgeSeconds < 0) {
      throw new IllegalArgumentException("maxAgeSeconds is negative: " + maxAgeSeconds);
    }
  }

  /**
   * The defaults: every interface, port 1900, multicast joined.
   *
   * @return the configuration
   */
  public static SsdpResponderConfig defaults() {
    return new SsdpResponderConfig(
        new InetSocketAddress(SSDP_PORT), true, true, 1800, "Java UPnP/1.1 dvbcss-java/1");
  }

  /**
   * A copy listening elsewhere.
   *
   * @param address the address
   * @return the new configuration
   */
  public SsdpResponderConfig withBindAddress(InetSocketAddress address) {
    return new SsdpResponderConfig(address, joinMulticast, reuseAddress, maxAgeSeconds, server);
  }

  /**
   * A copy that does or does not join the multicast group.
   *
   * @param join whether to join
   * @return the new configuration
   */
  public SsdpResponderConfig withJoinMulticast(boolean join) {
    return new SsdpResponderConfig(bindAddress, join, reuseAddress, maxAgeSeconds, server);
  }

  /**
   * Whether the responder will actually join the multicast group: asked for, and bound to a
   * wildcard address.
   *
   * @return true if it joins
   */
  public boolean joinsMulticast() {
    InetAddress a = bindAddress.getAddress();
    return joinMulticast && a != null && a.isAnyLocalAddress();
  }
}
