package org.dvbcss.tools.tv;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.dvbcss.protocol.UriHosts;

/**
 * URLs a companion on another device can use when the TV is bound to every interface: the bound URL
 * then names the wildcard address ({@code 0.0.0.0} or {@code ::}), which is nothing to connect to.
 *
 * <p>Stateless; thread safe.
 */
final class LanUrls {
  private LanUrls() {}

  /**
   * For a URL whose host is a wildcard address, the same URL with each IPv4 address of this
   * machine's interfaces that are up and not loopback; otherwise nothing.
   *
   * @param wsUrl a bound URL such as {@code ws://0.0.0.0:7681/cii} (or {@code wss://}: the scheme
   *     is kept)
   * @return e.g. {@code [ws://192.168.1.20:7681/cii]}; empty if not a wildcard bind or no such
   *     interface (or the interfaces cannot be listed)
   */
  static List<String> forWildcard(String wsUrl) {
    URI uri = URI.create(wsUrl);
    String host = uri.getHost();
    if (host == null) {
      return List.of();
    }
    try {
      if (!InetAddress.getByName(host.replace("[", "").replace("]", "")).isAnyLocalAddress()) {
        return List.of();
      }
    } catch (java.net.UnknownHostException e) {
      return List.of();
    }
    List<String> urls = new ArrayList<>();
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nif.isUp() || nif.isLoopback()) {
          continue;
        }
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
          if (a instanceof Inet4Address) {
            urls.add(url(uri.getScheme(), new InetSocketAddress(a, uri.getPort()), uri.getPath()));
          }
        }
      }
    } catch (SocketException e) {
      return List.of();
    }
    return urls;
  }

  /**
   * The URL of an endpoint at an address, e.g. {@code wss://192.168.1.20:7681/cii}.
   *
   * @param scheme {@code ws}, {@code wss}, {@code http} or {@code https}
   * @param address the address and port
   * @param path the endpoint's path, starting with {@code /}
   * @return the URL
   */
  static String url(String scheme, InetSocketAddress address, String path) {
    return scheme + "://" + UriHosts.of(address.getAddress()) + ":" + address.getPort() + path;
  }
}
