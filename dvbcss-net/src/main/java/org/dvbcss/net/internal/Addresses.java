package org.dvbcss.net.internal;

import java.net.Inet6Address;
import java.net.InetAddress;

/** Addresses as they appear in URLs. Not API. Thread safe (stateless). */
public final class Addresses {
  private Addresses() {}

  /**
   * The host part of a URL for an address: dotted IPv4, or bracketed IPv6 in its RFC 5952 text
   * without a scope, e.g. {@code [::1]}.
   *
   * @param address the address
   * @return the host text
   */
  public static String uriHost(InetAddress address) {
    return address instanceof Inet6Address
        ? "[" + compressed(address.getAddress()) + "]"
        : address.getHostAddress();
  }

  /** The RFC 5952 text of an IPv6 address: lower-case hex, longest run of zero groups as "::". */
  private static String compressed(byte[] ipv6) {
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
