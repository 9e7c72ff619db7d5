package org.dvbcss.protocol;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

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

  /**
   * Whether a host a TV advertised in a URL cannot be used by a companion that reached the TV at
   * {@code reachedHost}: empty, a wildcard ({@code 0.0.0.0}, {@code ::}), or loopback ({@code
   * 127.x}, {@code ::1}, {@code localhost}) when the TV itself was not reached on loopback. TVs in
   * the field advertise such hosts; companions replace them by the address they reached the TV at
   * ({@link #withUsableHost}). No name is resolved.
   *
   * @param host the advertised host (brackets allowed), or null
   * @param reachedHost the host the companion reached the TV at (brackets allowed), or null
   * @return true if a companion must replace it
   */
  public static boolean unusable(@Nullable String host, @Nullable String reachedHost) {
    if (host == null || host.isBlank()) {
      return true;
    }
    String h = unbracketed(host).toLowerCase(Locale.ROOT);
    if (h.equals("0.0.0.0") || h.equals("::") || h.equals("0:0:0:0:0:0:0:0")) {
      return true;
    }
    return loopback(h)
        && !(reachedHost != null && loopback(unbracketed(reachedHost).toLowerCase(Locale.ROOT)));
  }

  private static boolean loopback(String h) {
    return h.startsWith("127.")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1")
        || h.equals("localhost");
  }

  /**
   * A URL with an {@link #unusable} host replaced by the host the TV was reached at; any other URL
   * (or text that is not {@code scheme://authority...}) unchanged. User info, port, path, query and
   * fragment are kept.
   *
   * @param url e.g. {@code ws://0.0.0.0:7681/ts}
   * @param reachedHost the host the TV was reached at, e.g. {@code 192.168.1.20} or {@code ::1}
   * @return e.g. {@code ws://192.168.1.20:7681/ts}
   */
  public static String withUsableHost(String url, String reachedHost) {
    int schemeEnd = url.indexOf("://");
    if (schemeEnd < 0) {
      return url;
    }
    int authStart = schemeEnd + 3;
    int authEnd = authStart;
    while (authEnd < url.length() && "/?#".indexOf(url.charAt(authEnd)) < 0) {
      authEnd++;
    }
    String authority = url.substring(authStart, authEnd);
    int at = authority.lastIndexOf('@');
    String userInfo = at >= 0 ? authority.substring(0, at + 1) : "";
    String hostPort = authority.substring(at + 1);
    String host;
    String port;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0) {
        return url;
      }
      host = hostPort.substring(1, close);
      port = hostPort.substring(close + 1);
    } else {
      int colon = hostPort.lastIndexOf(':');
      host = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
      port = colon >= 0 ? hostPort.substring(colon) : "";
    }
    if (!unusable(host, reachedHost)) {
      return url;
    }
    return url.substring(0, authStart)
        + userInfo
        + bracketed(unbracketed(reachedHost))
        + port
        + url.substring(authEnd);
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
