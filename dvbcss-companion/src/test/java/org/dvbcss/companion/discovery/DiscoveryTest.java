package org.dvbcss.companion.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dvbcss.tv.DialConfig;
import org.dvbcss.tv.Tv;
import org.dvbcss.tv.TvConfig;
import org.junit.jupiter.api.Test;

/** Discovery over loopback only: every search is sent unicast to 127.0.0.1. */
class DiscoveryTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private static DiscoveryConfig searching(InetSocketAddress target) {
    return DiscoveryConfig.builder()
        .searchAddress(target)
        .bindAddress(new InetSocketAddress(LOOPBACK, 0))
        .timeout(Duration.ofMillis(800))
        .resendInterval(Duration.ofMillis(300))
        .httpTimeout(Duration.ofSeconds(5))
        .origin("http://app.example")
        .build();
  }

  @Test
  void findsTheSimulatedTvThroughItsDialServer() throws Exception {
    try (Tv tv =
        Tv.start(
            TvConfig.builder()
                .webSocketAddress(new InetSocketAddress("127.0.0.1", 0))
                .wallClockAddress(new InetSocketAddress("127.0.0.1", 0))
                .dial(
                    DialConfig.builder().ssdpAddress(new InetSocketAddress("127.0.0.1", 0)).build())
                .build())) {
      List<DiscoveredTv> heard = new CopyOnWriteArrayList<>();
      List<DiscoveredTv> tvs = Discovery.discover(searching(tv.ssdpAddress()), heard::add);
      assertThat(tvs).hasSize(1);
      assertThat(heard).hasSize(1);
      DiscoveredTv found = tvs.get(0);
      assertThat(found.ssdpResponses()).isGreaterThanOrEqualTo(1);
      assertThat(found.location()).isEqualTo(tv.dialLocation());
      assertThat(found.friendlyName()).isEqualTo("dvbcss-java TV");
      assertThat(found.ciiUrl()).isEqualTo(tv.ciiUrl());
      assertThat(found.reachableCiiUrl()).isEqualTo(tv.ciiUrl());
      assertThat(found.problems()).isEmpty();
      assertThat(found.deviceDescriptionStep().ok()).isTrue();
      assertThat(found.deviceDescriptionStep().redirected()).isFalse();
      assertThat(found.deviceDescriptionStep().header("access-control-allow-origin"))
          .isEqualTo("http://app.example");
      assertThat(found.applicationStep().contentType()).startsWith("text/xml");
      assertThat(found.preflightStep().status()).isEqualTo(204);
      assertThat(found.preflightStep().header("Access-Control-Allow-Origin"))
          .isEqualTo("http://app.example");
    }
  }

  @Test
  void readsAnOddServerTolerantlyAndRecordsWhatWasWrong() throws Exception {
    try (RawDialServer raw = new RawDialServer()) {
      List<DiscoveredTv> tvs = Discovery.discover(searching(raw.ssdpAddress()));
      assertThat(tvs).hasSize(1);
      DiscoveredTv tv = tvs.get(0);
      assertThat(tv.ssdpResponse().st()).isNull(); // a UPnP 1.0 style answer
      assertThat(tv.deviceDescriptionStep().redirected()).isTrue();
      assertThat(tv.deviceDescriptionStep().finalUrl()).endsWith("/dd.xml");
      assertThat(tv.applicationUrl()).isEqualTo(raw.http() + "/apps");
      assertThat(tv.applicationResourceUrl()).isEqualTo(raw.http() + "/apps/HbbTV");
      assertThat(tv.deviceDescription().manufacturer()).isEqualTo("Raw");
      assertThat(tv.ciiUrl()).isEqualTo("ws://0.0.0.0:7681/cii");
      assertThat(tv.reachableCiiUrl()).isEqualTo("ws://127.0.0.1:7681/cii");
      assertThat(tv.application().hbbtvNamespaceMissing()).isFalse();
      assertThat(tv.problems())
          .anyMatch(p -> p.contains("redirected"))
          .anyMatch(p -> p.contains("trailing slash"))
          .anyMatch(p -> p.contains("CII URL host"));
      assertThat(tv.preflightStep().status()).isEqualTo(404);
    }
  }

  @Test
  void aTvWhoseLaterStepsFailIsStillReported() throws Exception {
    try (RawDialServer raw = new RawDialServer()) {
      raw.brokenApplication = true;
      DiscoveredTv tv = Discovery.discover(searching(raw.ssdpAddress())).get(0);
      assertThat(tv.deviceDescription()).isNotNull();
      assertThat(tv.applicationStep().status()).isEqualTo(500);
      assertThat(tv.application()).isNull();
      assertThat(tv.ciiUrl()).isNull();
      assertThat(tv.problems()).anyMatch(p -> p.contains("HTTP status 500"));
    }
  }

  @Test
  void nothingFoundGivesAnEmptyList() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      assertThat(
              Discovery.discover(
                  searching((InetSocketAddress) silent.getLocalSocketAddress()).toBuilder()
                      .timeout(Duration.ofMillis(200))
                      .build()))
          .isEmpty();
    }
  }

  @Test
  void badHostsAreReplacedByTheSsdpSource() throws Exception {
    InetAddress tvAddress = InetAddress.getByName("10.0.0.5");
    assertThat(DiscoveredTv.reachable("ws://127.0.0.1:7681/cii", tvAddress))
        .isEqualTo("ws://10.0.0.5:7681/cii");
    assertThat(DiscoveredTv.reachable("ws://0.0.0.0:7681/cii", tvAddress))
        .isEqualTo("ws://10.0.0.5:7681/cii");
    assertThat(DiscoveredTv.reachable("ws://:7681/cii", tvAddress))
        .isEqualTo("ws://10.0.0.5:7681/cii");
    assertThat(DiscoveredTv.reachable("ws://localhost/cii", tvAddress))
        .isEqualTo("ws://10.0.0.5/cii");
    assertThat(DiscoveredTv.reachable("ws://[::]:1/cii", tvAddress))
        .isEqualTo("ws://10.0.0.5:1/cii");
    assertThat(DiscoveredTv.reachable("ws://10.0.0.9:7681/cii", tvAddress))
        .isEqualTo("ws://10.0.0.9:7681/cii");
    assertThat(DiscoveredTv.reachable("ws://127.0.0.1:7681/cii", LOOPBACK))
        .isEqualTo("ws://127.0.0.1:7681/cii");
  }

  /**
   * A DIAL server from raw sockets: a UPnP 1.0 style SSDP answer with LF line ends, a redirect to
   * the device description, an Application-URL without a trailing slash, and an application
   * resource in a default namespace with the CII host 0.0.0.0.
   */
  static final class RawDialServer implements AutoCloseable {
    final DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
    final ServerSocket tcp = new ServerSocket(0, 50, LOOPBACK);
    volatile boolean brokenApplication;
    private final Thread udpThread = new Thread(this::answerSearches, "raw-ssdp");
    private final Thread tcpThread = new Thread(this::answerHttp, "raw-http");

    RawDialServer() throws IOException {
      udpThread.setDaemon(true);
      tcpThread.setDaemon(true);
      udpThread.start();
      tcpThread.start();
    }

    InetSocketAddress ssdpAddress() {
      return (InetSocketAddress) udp.getLocalSocketAddress();
    }

    String http() {
      return "http://127.0.0.1:" + tcp.getLocalPort();
    }

    private void answerSearches() {
      byte[] buffer = new byte[4096];
      while (!udp.isClosed()) {
        try {
          DatagramPacket p = new DatagramPacket(buffer, buffer.length);
          udp.receive(p);
          byte[] answer =
              ("HTTP/1.1 200 OK\nLocation: "
                      + http()
                      + "/start\nExt:\nCache-Control: max-age=60\n\n")
                  .getBytes(StandardCharsets.US_ASCII);
          udp.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
        } catch (IOException e) {
          return;
        }
      }
    }

    private void answerHttp() {
      while (!tcp.isClosed()) {
        try (Socket s = tcp.accept()) {
          BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
          String requestLine = in.readLine();
          for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            // headers ignored
          }
          String[] parts = requestLine == null ? new String[0] : requestLine.split(" ");
          String method = parts.length > 0 ? parts[0] : "";
          String path = parts.length > 1 ? parts[1] : "";
          OutputStream out = s.getOutputStream();
          if (method.equals("GET") && path.equals("/start")) {
            write(out, "302 Found", "Location: /dd.xml\r\n", "");
          } else if (method.equals("GET") && path.equals("/dd.xml")) {
            write(
                out,
                "200 OK",
                "Content-Type: text/xml\r\nApplication-URL: " + http() + "/apps\r\n",
                "<root xmlns=\"urn:schemas-upnp-org:device-1-0\"><device>"
                    + "<friendlyName>Raw TV</friendlyName><manufacturer>Raw</manufacturer>"
                    + "</device></root>");
          } else if (method.equals("GET") && path.equals("/apps/HbbTV")) {
            if (brokenApplication) {
              write(out, "500 Internal Server Error", "", "");
            } else {
              write(
                  out,
                  "200 OK",
                  "Content-Type: text/xml\r\n",
                  "<service xmlns=\"urn:dial-multiscreen-org:schemas:dial\"><name>HbbTV</name>"
                      + "<additionalData><X_HbbTV_InterDevSyncURL"
                      + " xmlns=\"urn:hbbtv:HbbTVCompanionScreen:2014\">ws://0.0.0.0:7681/cii"
                      + "</X_HbbTV_InterDevSyncURL></additionalData></service>");
            }
          } else {
            write(out, "404 Not Found", "", "");
          }
        } catch (IOException e) {
          if (tcp.isClosed()) {
            return;
          }
        }
      }
    }

    private static void write(OutputStream out, String status, String headers, String body)
        throws IOException {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      out.write(
          ("HTTP/1.1 "
                  + status
                  + "\r\n"
                  + headers
                  + "Content-Length: "
                  + b.length
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(b);
      out.flush();
    }

    @Override
    public void close() throws Exception {
      udp.close();
      tcp.close();
      udpThread.join(2_000);
      tcpThread.join(2_000);
    }
  }
}
