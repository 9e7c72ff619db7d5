package org.dvbcss.net.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dvbcss.clock.SysClock;
import org.dvbcss.clock.TunableClock;
import org.dvbcss.net.wc.WallClockServer;
import org.dvbcss.net.wc.WallClockServerConfig;
import org.dvbcss.net.ws.WebSocketEndpoint;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.net.ws.WebSocketServerConfig;
import org.dvbcss.net.ws.WebSocketSession;

/**
 * A minimal TV for testing companions, on 127.0.0.1: a real CSS-WC server, and one WebSocket server
 * with CII at {@code /cii} and TS at {@code /ts} whose messages are JSON text written by hand, as a
 * TV's firmware writes them, not by the library's encoders. Its one timeline is PTS (90000 ticks
 * per second).
 *
 * <p>A <em>deviant</em> TV sends every tolerated deviation at once, as TVs and emulators that exist
 * do: CII with {@code presentationStatus} as an array ({@code ["okay"]}), an invalid optional
 * property ({@code "teUrl": 5}) and an unknown one; control timestamps with {@code contentTime} and
 * {@code wallClockTime} as JSON numbers, and "unavailable" as {@code {"timelineSpeedMultiplier":
 * null}} alone. A plain TV sends the same state by the spec.
 *
 * <p>CII: each new session gets the whole state; {@link #resendCii} sends it again (some TVs resend
 * the whole state on every change). TS: on each setup message the session gets "unavailable" then
 * the timeline's control timestamp now; after that only what the test sends ({@link
 * #sendControlTimestamp}), as a TV that sends a control timestamp every few seconds. Thread safe.
 */
public final class MinimalTv implements AutoCloseable {
  /** The content id. */
  public static final String CONTENT_ID = "dvb://233a.1004.1044;363a~20130218T0915Z--PT00H45M";

  /** The timeline it serves. */
  public static final String PTS = "urn:dvb:css:timeline:pts";

  /** The TV's wall clock (nanoseconds). */
  public final SysClock wall = new SysClock();

  /** The TV's true PTS position: 90000 ticks per second under the wall clock. */
  public final TunableClock pts = new TunableClock(wall, 90000, 1_000_000);

  private final boolean deviant;
  private final List<WebSocketSession> ciiSessions = new CopyOnWriteArrayList<>();
  private final List<WebSocketSession> tsSessions = new CopyOnWriteArrayList<>();
  private final List<String> setups = new CopyOnWriteArrayList<>();
  private final WallClockServer wc;
  private final WebSocketServer ws;

  private MinimalTv(boolean deviant) throws IOException {
    this.deviant = deviant;
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    wc =
        WallClockServer.start(
            wall, WallClockServerConfig.builder().bind(new InetSocketAddress(lo, 0)).build());
    ws =
        WebSocketServer.builder()
            .config(WebSocketServerConfig.builder().bind(new InetSocketAddress(lo, 0)).build())
            .endpoint("/cii", new Cii())
            .endpoint("/ts", new Ts())
            .start();
  }

  /**
   * Starts a TV on ephemeral ports.
   *
   * @param deviant whether it sends every tolerated deviation
   * @return the TV
   * @throws IOException if a server cannot start
   */
  public static MinimalTv start(boolean deviant) throws IOException {
    return new MinimalTv(deviant);
  }

  /**
   * The CII URL.
   *
   * @return {@code ws://127.0.0.1:PORT/cii}
   */
  public URI ciiUrl() {
    return URI.create("ws://127.0.0.1:" + ws.localAddress().getPort() + "/cii");
  }

  /**
   * The TS URL.
   *
   * @return {@code ws://127.0.0.1:PORT/ts}
   */
  public URI tsUrl() {
    return URI.create("ws://127.0.0.1:" + ws.localAddress().getPort() + "/ts");
  }

  /**
   * The CSS-WC URL.
   *
   * @return {@code udp://127.0.0.1:PORT}
   */
  public String wcUrl() {
    return "udp://127.0.0.1:" + wc.localAddress().getPort();
  }

  /**
   * The whole CII state, as this TV writes it.
   *
   * @param tsUrl the TS URL to advertise
   * @return the JSON text
   */
  public String ciiText(URI tsUrl) {
    return "{\"protocolVersion\":\"1.1\",\"contentId\":\""
        + CONTENT_ID
        + "\",\"contentIdStatus\":\"final\",\"presentationStatus\":"
        + (deviant ? "[\"okay\"]" : "\"okay\"")
        + ",\"wcUrl\":\""
        + wcUrl()
        + "\",\"tsUrl\":\""
        + tsUrl
        + "\","
        + (deviant ? "\"teUrl\":5,\"vendorMode\":\"demo\"," : "")
        + "\"timelines\":[{\"timelineSelector\":\""
        + PTS
        + "\",\"timelineProperties\":{\"unitsPerTick\":1,\"unitsPerSecond\":90000}}]}";
  }

  /**
   * The timeline's control timestamp now, as this TV writes it.
   *
   * @return the JSON text
   */
  public String controlTimestampText() {
    double wallNow = wall.ticks();
    long wallClockTime = Math.round(wallNow);
    long contentTime = Math.round(wall.toOtherClockTicks(pts, wallClockTime));
    double speed = pts.speed();
    String s = speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed);
    String q = deviant ? "" : "\"";
    return String.format(
        Locale.ROOT,
        "{\"contentTime\":%s%d%s,\"wallClockTime\":%s%d%s,\"timelineSpeedMultiplier\":%s}",
        q,
        contentTime,
        q,
        q,
        wallClockTime,
        q,
        s);
  }

  /**
   * "Timeline unavailable", as this TV writes it.
   *
   * @return the JSON text
   */
  public String unavailableText() {
    return deviant
        ? "{\"timelineSpeedMultiplier\":null}"
        : "{\"contentTime\":null,\"wallClockTime\":\""
            + Math.round(wall.ticks())
            + "\",\"timelineSpeedMultiplier\":null}";
  }

  /** Sends the whole CII state again to every CII session. */
  public void resendCii() {
    String text = ciiText(tsUrl());
    ciiSessions.forEach(s -> s.send(text));
  }

  /** Sends the timeline's control timestamp now to every TS session that has set up. */
  public void sendControlTimestamp() {
    String text = controlTimestampText();
    tsSessions.forEach(s -> s.send(text));
  }

  /**
   * Sends a text as it is to every CII session.
   *
   * @param text the message
   */
  public void sendCii(String text) {
    ciiSessions.forEach(s -> s.send(text));
  }

  /**
   * Sends a text as it is to every TS session that has set up.
   *
   * @param text the message
   */
  public void sendTs(String text) {
    tsSessions.forEach(s -> s.send(text));
  }

  /** Sends "unavailable" to every TS session that has set up. */
  public void sendUnavailable() {
    String text = unavailableText();
    tsSessions.forEach(s -> s.send(text));
  }

  /**
   * The setup messages received, in order.
   *
   * @return the texts
   */
  public List<String> setups() {
    return List.copyOf(setups);
  }

  /**
   * The CII sessions open.
   *
   * @return how many
   */
  public int ciiSessions() {
    return ciiSessions.size();
  }

  /**
   * The TS sessions open and set up.
   *
   * @return how many
   */
  public int tsSessions() {
    return tsSessions.size();
  }

  /** Stops the servers. */
  @Override
  public void close() {
    ws.close();
    wc.close();
  }

  private final class Cii implements WebSocketEndpoint {
    @Override
    public void onOpen(WebSocketSession session) {
      ciiSessions.add(session);
      session.send(ciiText(tsUrl()));
    }

    @Override
    public void onText(WebSocketSession session, String text) {}

    @Override
    public void onClose(WebSocketSession session, int code, String reason) {
      ciiSessions.remove(session);
    }
  }

  private final class Ts implements WebSocketEndpoint {
    @Override
    public void onText(WebSocketSession session, String text) {
      if (session.attachment() != null) {
        return; // timing reports: ignored
      }
      session.attach(text);
      setups.add(text);
      session.send(unavailableText());
      session.send(controlTimestampText());
      tsSessions.add(session);
    }

    @Override
    public void onClose(WebSocketSession session, int code, String reason) {
      tsSessions.remove(session);
    }
  }
}
