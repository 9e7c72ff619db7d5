package org.dvbcss.net.ts;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dvbcss.net.ws.WebSocketEndpoint;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.net.ws.WebSocketServerConfig;
import org.dvbcss.net.ws.WebSocketSession;

/**
 * A stand-in CSS-TS server for client tests: records what each companion sends (the first message
 * of each session should be its setup data) and sends whatever text the test scripts. Thread safe.
 */
final class ScriptedTsEndpoint implements WebSocketEndpoint {
  static final String PATH = "/ts";

  /** One message received, with the session it came on. */
  record Received(String session, int index, String text) {}

  final List<Received> received = new CopyOnWriteArrayList<>();
  final List<WebSocketSession> sessions = new CopyOnWriteArrayList<>();
  final List<String> closedSessions = new CopyOnWriteArrayList<>();

  /** Starts a server on 127.0.0.1 with this endpoint at {@link #PATH}. */
  WebSocketServer serve(int port) throws IOException {
    return WebSocketServer.builder()
        .config(
            WebSocketServerConfig.builder()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                .build())
        .endpoint(PATH, this)
        .start();
  }

  static URI url(WebSocketServer server) {
    return URI.create("ws://127.0.0.1:" + server.localAddress().getPort() + PATH);
  }

  @Override
  public void onOpen(WebSocketSession session) {
    session.attach(new int[] {0});
    sessions.add(session);
  }

  @Override
  public void onText(WebSocketSession session, String text) {
    int[] count = (int[]) session.attachment();
    received.add(new Received(session.id(), count[0]++, text));
  }

  @Override
  public void onClose(WebSocketSession session, int code, String reason) {
    sessions.remove(session);
    closedSessions.add(session.id());
  }

  /** The first message of every session so far, in order. */
  List<String> firstMessages() {
    return received.stream().filter(r -> r.index() == 0).map(Received::text).toList();
  }

  /** Every message after the first of each session. */
  List<String> laterMessages() {
    return received.stream().filter(r -> r.index() > 0).map(Received::text).toList();
  }

  /** Sends a text to every open session. */
  void sendToAll(String text) {
    for (WebSocketSession s : sessions) {
      s.send(text);
    }
  }

  /** Closes every open session from the server side. */
  void closeAll(int code, String reason) {
    for (WebSocketSession s : sessions) {
      s.close(code, reason);
    }
  }
}
