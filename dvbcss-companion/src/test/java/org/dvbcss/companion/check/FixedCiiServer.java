package org.dvbcss.companion.check;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dvbcss.net.ws.WebSocketEndpoint;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.net.ws.WebSocketServerConfig;
import org.dvbcss.net.ws.WebSocketSession;

/**
 * A CII server that sends one fixed first message (optionally late), optionally closes when a
 * client sends anything, and sends whatever a test asks to every connection.
 */
final class FixedCiiServer implements AutoCloseable {
  private final WebSocketServer server;
  private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  FixedCiiServer(String first, long delayMillis, boolean closeOnText) throws IOException {
    WebSocketEndpoint endpoint =
        new WebSocketEndpoint() {
          @Override
          public void onOpen(WebSocketSession session) {
            sessions.add(session);
            if (delayMillis <= 0) {
              session.send(first);
            } else {
              timer.schedule(() -> session.send(first), delayMillis, TimeUnit.MILLISECONDS);
            }
          }

          @Override
          public void onText(WebSocketSession session, String text) {
            if (closeOnText) {
              session.close(1008, "no client messages");
            }
          }

          @Override
          public void onClose(WebSocketSession session, int code, String reason) {
            sessions.remove(session);
          }
        };
    server =
        WebSocketServer.builder()
            .config(
                WebSocketServerConfig.builder()
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .build())
            .endpoint("/cii", endpoint)
            .start();
  }

  String url() {
    return server.url("/cii");
  }

  void sendToAll(String text) {
    for (WebSocketSession s : sessions) {
      s.send(text);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    server.close();
  }
}
