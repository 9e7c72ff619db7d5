package org.dvbcss.protocol;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Hosts as they appear in URLs ({@code udp://host:port}, {@code ws://host:port/ts}): an IPv6
 * literal goes in brackets, anything else as it is. No name is ever resolved.
 *
 * <p>Thread safe (stateless).
 */
public final class UriHosts {
  private UriHosts() {}

  /**
   * The host part of a URL for an address: dotted IPv4, or bracketed IPv6 in its RFC 5952 text
   * (lower-case hex, the longest run of two or more zero groups as {@code ::}) without a scope,
   * e.g. {@code [::1]}. Reads only the address's bytes; never does a lookup.
   *
   * @param address the address
   * @return the host text
   */
  public static String of(InetAddress address) {
    return address instanceof Inet6Address
        ? "[" + ipv6Text(address.getAddress()) + "]"
        : address.getHostAddress();
  }

  /**
   * A host text as it goes in a URL: a host that contains a colon (an IPv6 literal) is put in
   * brackets unless it already is; any other host (a name, an IPv4 literal) is returned unchanged.
   *
   * @param host a host name, an IPv4 literal, or an IPv6 literal with or without brackets
   * @return the host text for a URL
   */
  public static String bracketed(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  /**
   * A host text without URL brackets: {@code [::1]} becomes {@code ::1}; anything else is returned
   * unchanged.
   *
   * @param host a host as it appears in a URL
   * @return the host without brackets
   */
  public static String unbracketed(String host) {
    return host.length() >= 2 && host.startsWith("[") && host.endsWith("]")
        ? host.substring(1, host.length() - 1)
        : host;
  }

  /** The RFC 5952 text of an IPv6 address: lower-case hex, longest run of zero groups as "::". */
  private static String ipv6Text(byte[] ipv6) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((ipv6[2 * i] & 0xFF) << 8) | (ipv6[2 * i + 1] & 0xFF);
    }
    int bestStart = -1;
    int bestLength = 1; // a single zero group is not compressed
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = Math.max(j, i + 1);
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }
}
