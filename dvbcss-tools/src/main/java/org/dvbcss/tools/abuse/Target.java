package org.dvbcss.tools.abuse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * Where a raw client connects: a server's address and the request path of one endpoint. Immutable.
 *
 * @param address the server's address
 * @param path the raw request path, {@code "/"} if the URL has none
 * @param timestamps whether the endpoint is CSS-TS, so that a session must start with a setup
 *     message
 */
record Target(InetSocketAddress address, String path, boolean timestamps) {
  /**
   * The target of a {@code ws://} URL; port 80 if it has none.
   *
   * @param uri the URL
   * @param timestamps whether it is a CSS-TS endpoint
   * @return its target
   * @throws IOException if its host cannot be resolved
   */
  static Target of(URI uri, boolean timestamps) throws IOException {
    int port = uri.getPort() > 0 ? uri.getPort() : 80;
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return new Target(
        new InetSocketAddress(InetAddress.getByName(uri.getHost()), port), path, timestamps);
  }
}
