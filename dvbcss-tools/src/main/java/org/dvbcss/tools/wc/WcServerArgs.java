package org.dvbcss.tools.wc;

import org.dvbcss.protocol.wc.UdpUrl;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * A CSS-WC server given on the command line either as {@code HOST [PORT]} or as one {@code
 * udp://host[:port]} argument, the form a TV advertises in CII's {@code wcUrl}. The port defaults
 * to {@link UdpUrl#CONVENTIONAL_PORT} in both.
 *
 * <p>Where the positional arguments leave room for only one, {@link #readOne} takes {@code
 * udp://host[:port]} or {@code HOST[:PORT]} ({@code [v6-literal]:PORT} for an IPv6 address with a
 * port).
 *
 * <p>Immutable and thread safe.
 *
 * @param host the host name or address literal (an IPv6 literal without brackets when read from a
 *     URL)
 * @param port the UDP port
 */
public record WcServerArgs(String host, int port) {

  /**
   * Reads the server from the {@code HOST} and optional {@code PORT} arguments.
   *
   * @param spec the command, for usage errors
   * @param hostOrUrl the first argument: a host, or {@code udp://host[:port]}
   * @param port the second argument, or null if not given
   * @return the server
   * @throws ParameterException if the URL is invalid, or a URL is followed by a port
   */
  public static WcServerArgs read(CommandSpec spec, String hostOrUrl, @Nullable Integer port) {
    if (!hostOrUrl.regionMatches(true, 0, UdpUrl.SCHEME + "://", 0, UdpUrl.SCHEME.length() + 3)) {
      return new WcServerArgs(hostOrUrl, port == null ? UdpUrl.CONVENTIONAL_PORT : port);
    }
    if (port != null) {
      throw new ParameterException(
          spec.commandLine(), "Give the server as udp://host:port or as HOST PORT, not both");
    }
    try {
      UdpUrl url = UdpUrl.parse(hostOrUrl, UdpUrl.CONVENTIONAL_PORT);
      return new WcServerArgs(url.host(), url.port());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /**
   * Reads the server from one argument: {@code udp://host[:port]}, {@code HOST:PORT}, {@code
   * [v6-literal]:PORT}, or a host alone (an IPv6 literal alone included), with the conventional
   * port.
   *
   * @param spec the command, for usage errors
   * @param text the argument
   * @return the server
   * @throws ParameterException if the URL or the port is invalid
   */
  public static WcServerArgs readOne(CommandSpec spec, String text) {
    if (text.regionMatches(true, 0, UdpUrl.SCHEME + "://", 0, UdpUrl.SCHEME.length() + 3)) {
      return read(spec, text, null);
    }
    int colon = text.indexOf(':');
    if (colon >= 0 && text.indexOf(':', colon + 1) >= 0 && !text.startsWith("[")) {
      return new WcServerArgs(text, UdpUrl.CONVENTIONAL_PORT); // an IPv6 literal alone
    }
    try {
      return read(spec, UdpUrl.SCHEME + "://" + text, null);
    } catch (ParameterException e) {
      throw new ParameterException(
          spec.commandLine(),
          "The WC server must be udp://host[:port] or HOST[:PORT], was " + text);
    }
  }
}
