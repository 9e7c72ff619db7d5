package org.dvbcss.net.internal;

import java.net.InetAddress;
import org.dvbcss.protocol.UriHosts;

/** Addresses as they appear in URLs. Not API. Thread safe (stateless). */
public final class Addresses {
  private Addresses() {}

  /**
   * The host part of a URL for an address: dotted IPv4, or bracketed IPv6 in its RFC 5952 text
   * without a scope, e.g. {@code [::1]}. The same as {@link UriHosts#of(InetAddress)}.
   *
   * @param address the address
   * @return the host text
   */
  public static String uriHost(InetAddress address) {
    return UriHosts.of(address);
  }
}
