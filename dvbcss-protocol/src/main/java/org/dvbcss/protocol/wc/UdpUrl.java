package org.dvbcss.protocol.wc;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import org.dvbcss.protocol.UriHosts;

/**
 * A CSS-WC server's URL, {@code udp://host:port}, as CII's {@code wcUrl} advertises it: a host text
 * and a port. Parsing and formatting only; the host is never resolved here (resolving a name is
 * I/O, done by the transport that sends to it).
 *
 * <p>{@link #host()} holds the host as it is resolved: a name, a dotted IPv4 literal, or an IPv6
 * literal <em>without</em> brackets (e.g. {@code ::1}); {@link #toString()} puts an IPv6 literal in
 * brackets ({@code udp://[::1]:6677}). Two URLs are equal when their host texts and ports are;
 * names are compared as text (no case folding, no lookup).
 *
 * <p>Parsing is strict: the scheme is exactly {@code udp}; a host is present (a name, an IPv4
 * literal, or an IPv6 literal in brackets); the port is 1..65535 (it may be left out only with
 * {@link #parse(String, int)}); there is no user info, path, query or fragment. Failures are {@link
 * IllegalArgumentException}s whose message names the offending value:
 *
 * <ul>
 *   <li>text that is not a URI: the JDK's reason, e.g. {@code Illegal character in authority at
 *       index 7: udp://a b:6677};
 *   <li>another shape: {@code WC_URL must be udp://host:port, was http://tv:6677};
 *   <li>a port outside 1..65535: {@code port out of range:70000}.
 * </ul>
 *
 * <p>Immutable and thread safe.
 *
 * @param host a host name, a dotted IPv4 literal, or an IPv6 literal (given with or without
 *     brackets; kept without)
 * @param port the UDP port, 1..65535
 */
public record UdpUrl(String host, int port) {

  /** The URL scheme: {@code udp}. */
  public static final String SCHEME = "udp";

  /**
   * The port DVB-CSS examples and this project's TV serve CSS-WC on. The specification defines no
   * default; {@link #parse(String, int)} lets a caller choose one for URLs that omit the port.
   */
  public static final int CONVENTIONAL_PORT = 6677;

  /**
   * Validates the host and the port; strips brackets from an IPv6 literal.
   *
   * @throws IllegalArgumentException naming the value if the host is not a host name or an IP
   *     literal a URL can carry, or if the port is outside 1..65535
   */
  public UdpUrl {
    Objects.requireNonNull(host, "host");
    host = UriHosts.unbracketed(host);
    checkPort(port);
    String inUrl = UriHosts.bracketed(host);
    URI uri;
    try {
      uri = new URI(SCHEME + "://" + inUrl + ":" + port);
    } catch (URISyntaxException e) {
      throw badHost(host);
    }
    if (!inUrl.equals(uri.getHost()) || uri.getPort() != port || uri.getRawUserInfo() != null) {
      throw badHost(host);
    }
  }

  private static IllegalArgumentException badHost(String host) {
    return new IllegalArgumentException(
        "udp URL host must be a host name or an IP address literal, was \"" + host + "\"");
  }

  private static void checkPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range:" + port);
    }
  }

  /**
   * The URL of a server at an address: dotted IPv4, or IPv6 in its RFC 5952 text without a scope
   * (see {@link UriHosts#of(InetAddress)}). Does no lookup.
   *
   * @param address the address
   * @param port the port, 1..65535
   * @return the URL
   * @throws IllegalArgumentException if the port is outside 1..65535
   */
  public static UdpUrl of(InetAddress address, int port) {
    return new UdpUrl(UriHosts.unbracketed(UriHosts.of(address)), port);
  }

  /**
   * Parses {@code udp://host:port}, strictly (see the class comment); the port must be given.
   *
   * @param url the URL text
   * @return the URL
   * @throws IllegalArgumentException naming the value if it is not such a URL
   */
  public static UdpUrl parse(String url) {
    return parse(url, -1);
  }

  /**
   * Parses {@code udp://host:port} or {@code udp://host}, strictly (see the class comment), taking
   * {@code defaultPort} when the port is left out.
   *
   * @param url the URL text
   * @param defaultPort the port of a URL that gives none, 1..65535 (e.g. {@link
   *     #CONVENTIONAL_PORT}); -1 to require a port
   * @return the URL
   * @throws IllegalArgumentException naming the value if it is not such a URL
   */
  public static UdpUrl parse(String url, int defaultPort) {
    Objects.requireNonNull(url, "url");
    if (defaultPort != -1) {
      checkPort(defaultPort);
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    String host = uri.getHost();
    if (!SCHEME.equals(uri.getScheme())
        || host == null
        || (uri.getPort() < 0 && defaultPort == -1)) {
      throw notAUdpUrl(url);
    }
    int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
    checkPort(port);
    if (uri.getRawUserInfo() != null
        || !uri.getRawPath().isEmpty()
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw notAUdpUrl(url);
    }
    return new UdpUrl(host, port);
  }

  private static IllegalArgumentException notAUdpUrl(String url) {
    return new IllegalArgumentException("WC_URL must be udp://host:port, was " + url);
  }

  /**
   * Formats a URL without building one: {@code udp://host:port}, an IPv6 host in brackets.
   *
   * @param host a host name, a dotted IPv4 literal, or an IPv6 literal with or without brackets
   * @param port the port, 1..65535
   * @return the URL text
   * @throws IllegalArgumentException as {@link #UdpUrl(String, int)} does
   */
  public static String format(String host, int port) {
    return new UdpUrl(host, port).toString();
  }

  /**
   * The host as it appears in the URL: an IPv6 literal in brackets.
   *
   * @return the host text for a URL
   */
  public String uriHost() {
    return UriHosts.bracketed(host);
  }

  /**
   * The URL as a {@link URI}.
   *
   * @return {@code udp://host:port}
   */
  public URI toUri() {
    return URI.create(toString());
  }

  /**
   * The URL text.
   *
   * @return {@code udp://host:port}, e.g. {@code udp://192.168.1.20:6677} or {@code
   *     udp://[::1]:6677}
   */
  @Override
  public String toString() {
    return SCHEME + "://" + uriHost() + ":" + port;
  }
}
