package org.dvbcss.tools;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.dvbcss.net.ws.WebSocketEndpoint;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.net.ws.WebSocketServerConfig;
import picocli.CommandLine.Option;

/**
 * The {@code --max-connections N} option of the WebSocket server commands, and the start of their
 * server: one endpoint, bound where the command's arguments say, with its security options and this
 * limit. A picocli mixin.
 *
 * <p>Not thread safe: picocli sets it while parsing, the command then reads it.
 */
public final class ConnectionLimitOption {
  @Option(
      names = "--max-connections",
      paramLabel = "N",
      defaultValue = "20000",
      description =
          "Refuse connections beyond this many with HTTP 503 (default: ${DEFAULT-VALUE}).")
  private int maxConnections;

  /**
   * Starts a WebSocket server serving one endpoint.
   *
   * @param security the command's security options (TLS, origins)
   * @param address the address to bind, a name or literal
   * @param port the TCP port; 0 picks a free one
   * @param path the endpoint's path, e.g. {@code /cii}
   * @param endpoint what serves it
   * @return the running server; close it to stop
   * @throws IOException if the address cannot be resolved or the port cannot be bound
   * @throws picocli.CommandLine.ParameterException if the security options are invalid
   */
  public WebSocketServer startServer(
      WebSocketSecurityOptions security,
      String address,
      int port,
      String path,
      WebSocketEndpoint endpoint)
      throws IOException {
    return WebSocketServer.builder()
        .config(
            security
                .security()
                .applyTo(WebSocketServerConfig.builder())
                .bind(new InetSocketAddress(InetAddress.getByName(address), port))
                .maxConnections(maxConnections)
                .build())
        .endpoint(path, endpoint)
        .start();
  }
}
