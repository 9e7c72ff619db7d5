package org.dvbcss.net.wc;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.dvbcss.protocol.wc.UdpUrl;

/**
 * CSS-WC URLs ({@link UdpUrl}) to and from socket addresses: the part of handling {@code
 * udp://host:port} that may do I/O (a name lookup).
 *
 * <p>Thread safe (stateless).
 */
public final class UdpUrls {
  private UdpUrls() {}

  /**
   * The server address a URL names. A literal host is converted without a lookup; a name is looked
   * up (this may block on the resolver).
   *
   * @param url the URL
   * @return the address and port to send requests to
   * @throws UnknownHostException if the host name cannot be resolved
   */
  public static InetSocketAddress resolve(UdpUrl url) throws UnknownHostException {
    return new InetSocketAddress(InetAddress.getByName(url.host()), url.port());
  }

  /**
   * The URL of a server bound to an address: dotted IPv4, or bracketed IPv6 in its RFC 5952 text.
   *
   * @param address a resolved address with a port 1..65535
   * @return the URL
   * @throws IllegalArgumentException if the address is unresolved or its port is 0
   */
  public static UdpUrl of(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    if (ip == null) {
      throw new IllegalArgumentException("unresolved address: " + address);
    }
    return UdpUrl.of(ip, address.getPort());
  }
}
