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
 * <p>Immutable and thread safe.
 *
 * @param host the host name or address literal (an IPv6 literal without brackets when read from a
 *     URL)
 * @param port the UDP port
 */
record WcServerArgs(String host, int port) {

  /**
   * Reads the server from the {@code HOST} and optional {@code PORT} arguments.
   *
   * @param spec the command, for usage errors
   * @param hostOrUrl the first argument: a host, or {@code udp://host[:port]}
   * @param port the second argument, or null if not given
   * @return the server
   * @throws ParameterException if the URL is invalid, or a URL is followed by a port
   */
  static WcServerArgs read(CommandSpec spec, String hostOrUrl, @Nullable Integer port) {
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
}
