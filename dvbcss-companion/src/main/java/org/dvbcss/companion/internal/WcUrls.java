package org.dvbcss.companion.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;

/** CSS-WC URLs ({@code udp://host:port}) as socket addresses. Stateless; thread safe. */
public final class WcUrls {
  private WcUrls() {}

  /**
   * Parses {@code udp://host:port} (port 6677 if omitted); an IPv6 host may be in brackets.
   *
   * @param url the URL
   * @return the server's address and port
   * @throws IllegalArgumentException if the URL is not {@code udp://} with a host
   * @throws UnknownHostException if the host name cannot be resolved
   */
  public static InetSocketAddress wcAddress(URI url) throws UnknownHostException {
    if (!"udp".equals(url.getScheme()) || url.getHost() == null) {
      throw new IllegalArgumentException("WC_URL must be udp://host:port, was " + url);
    }
    int port = url.getPort() < 0 ? 6677 : url.getPort();
    String host = url.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new InetSocketAddress(InetAddress.getByName(host), port);
  }
}
