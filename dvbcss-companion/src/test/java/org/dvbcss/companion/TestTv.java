package org.dvbcss.companion;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import org.dvbcss.clock.SysClock;
import org.dvbcss.clock.TunableClock;
import org.dvbcss.net.cii.CiiServer;
import org.dvbcss.net.ts.TsServer;
import org.dvbcss.net.wc.WallClockServer;
import org.dvbcss.net.wc.WallClockServerConfig;
import org.dvbcss.net.wc.WallClockWebSocketEndpoint;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.net.ws.WebSocketServerConfig;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.CiiProperty;
import org.dvbcss.protocol.cii.ContentIdStatus;
import org.dvbcss.protocol.cii.TimelineOption;
import org.dvbcss.protocol.ts.ClockTimelineSource;

/**
 * A small TV assembled from the library, on 127.0.0.1: a wall clock server, and one WebSocket
 * server with CII at /cii and TS at /ts serving a PTS timeline. Its clocks outlive its servers, so
 * it can be stopped and started again on the same ports with the timeline continuing.
 */
final class TestTv implements AutoCloseable {
  static final String CONTENT_ID = "dvb://233a.1004.1044;363a~20130218T0915Z--PT00H45M";

  /** The TV's wall clock (nanoseconds). */
  final SysClock wall = new SysClock();

  /** The TV's true PTS position: 90000 ticks per second under the wall clock. */
  final TunableClock pts = new TunableClock(wall, 90000, 1_000_000);

  private volatile String contentId = CONTENT_ID;
  private WallClockServer wc;
  private WallClockWebSocketEndpoint wcWebSocket;
  private WebSocketServer ws;
  private CiiServer cii;
  private TsServer ts;
  private ClockTimelineSource source;

  /** Starts the servers on ephemeral ports. */
  TestTv start() throws IOException {
    return start(0, 0);
  }

  /** Starts the servers on these ports (0 for ephemeral). */
  TestTv start(int wcPort, int wsPort) throws IOException {
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    wc =
        WallClockServer.start(
            wall, WallClockServerConfig.builder().bind(new InetSocketAddress(lo, wcPort)).build());
    Cii initial =
        Cii.builder()
            .protocolVersion()
            .contentId(contentId)
            .contentIdStatus(ContentIdStatus.FINAL)
            .presentationStatus(List.of("okay"))
            .wcUrl("udp://{{host}}:" + wc.localAddress().getPort())
            .tsUrl("ws://{{host}}:{{port}}/ts")
            .timelines(List.of(new TimelineOption(Companion.PTS, 1, 90000)))
            .build();
    cii = new CiiServer(initial, EnumSet.of(CiiProperty.WC_URL, CiiProperty.TS_URL));
    ts = new TsServer(wall, contentId);
    source = new ClockTimelineSource(Companion.PTS, wall, pts);
    ts.attach(source);
    ws =
        WebSocketServer.builder()
            .config(WebSocketServerConfig.builder().bind(new InetSocketAddress(lo, wsPort)).build())
            .endpoint(CiiServer.PATH, cii)
            .endpoint(TsServer.PATH, ts)
            .endpoint(
                WallClockWebSocketEndpoint.PATH,
                wcWebSocket =
                    new WallClockWebSocketEndpoint(wall, WallClockServerConfig.defaults()))
            .start();
    return this;
  }

  int wcPort() {
    return wc.localAddress().getPort();
  }

  int wsPort() {
    return ws.localAddress().getPort();
  }

  URI ciiUrl() {
    return URI.create("ws://127.0.0.1:" + wsPort() + CiiServer.PATH);
  }

  URI wcWebSocketUrl() {
    return URI.create("ws://127.0.0.1:" + wsPort() + WallClockWebSocketEndpoint.PATH);
  }

  WallClockWebSocketEndpoint wcWebSocket() {
    return wcWebSocket;
  }

  WallClockServer wc() {
    return wc;
  }

  TsServer ts() {
    return ts;
  }

  CiiServer cii() {
    return cii;
  }

  /** Changes the content id, in CII and TS. */
  void changeContentId(String id) {
    contentId = id;
    cii.update(Cii.builder().contentId(id).build());
    ts.setContentId(id);
  }

  /** Stops the servers (the clocks go on). */
  void stop() {
    ws.close();
    wc.close();
    ts.detach(source);
  }

  @Override
  public void close() {
    stop();
  }
}
