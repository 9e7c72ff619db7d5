package org.dvbcss.tv;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.dvbcss.protocol.dial.DeviceDescription;
import org.dvbcss.protocol.dial.HbbTvApplication;
import org.dvbcss.protocol.dial.SsdpResponse;
import org.dvbcss.protocol.dial.SsdpSearch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The TV's DIAL server on loopback: SSDP bound to 127.0.0.1, searched by unicast. */
class TvDialTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private Tv tv;

  @BeforeEach
  void start() throws Exception {
    tv =
        Tv.start(
            TvConfig.builder()
                .webSocketAddress(new InetSocketAddress("127.0.0.1", 0))
                .wallClockAddress(new InetSocketAddress("127.0.0.1", 0))
                .dial(
                    DialConfig.builder()
                        .ssdpAddress(new InetSocketAddress("127.0.0.1", 0))
                        .friendlyName("Test TV")
                        .uuid("1234")
                        .build())
                .build());
  }

  @AfterEach
  void stop() {
    tv.close();
  }

  private HttpResponse<String> get(String url, String origin) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
    if (origin != null) {
      b.header("Origin", origin);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void dialIsOffByDefault() throws Exception {
    assertThat(TvConfig.defaults().dial().enabled()).isFalse();
    try (Tv plain =
        Tv.start(
            TvConfig.builder()
                .webSocketAddress(new InetSocketAddress("127.0.0.1", 0))
                .wallClockAddress(new InetSocketAddress("127.0.0.1", 0))
                .build())) {
      assertThat(plain.dialLocation()).isNull();
      assertThat(plain.ssdpAddress()).isNull();
    }
  }

  @Test
  void searchDescriptionAndApplicationNameTheHostTheCompanionReached() throws Exception {
    int port = URI.create(tv.ciiUrl()).getPort();
    String location;
    try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      client.setSoTimeout(5_000);
      byte[] search =
          SsdpSearch.dial("127.0.0.1:1900", 1, "test").encode().getBytes(StandardCharsets.UTF_8);
      client.send(new DatagramPacket(search, search.length, tv.ssdpAddress()));
      DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
      client.receive(p);
      location =
          SsdpResponse.parse(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8))
              .location();
    }
    assertThat(location).isEqualTo("http://127.0.0.1:" + port + "/dial/dd.xml");
    assertThat(tv.dialLocation()).isEqualTo(location);

    HttpResponse<String> dd = get(location, "http://app.example");
    assertThat(dd.statusCode()).isEqualTo(200);
    assertThat(dd.headers().firstValue("Application-URL"))
        .hasValue("http://127.0.0.1:" + port + "/dial/apps/");
    assertThat(dd.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("http://app.example");
    DeviceDescription d = DeviceDescription.parse(dd.body());
    assertThat(d.friendlyName()).isEqualTo("Test TV");
    assertThat(d.udn()).isEqualTo("uuid:1234");

    HttpResponse<String> app = get("http://127.0.0.1:" + port + "/dial/apps/HbbTV", null);
    assertThat(app.statusCode()).isEqualTo(200);
    assertThat(app.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    HbbTvApplication a = HbbTvApplication.parse(app.body());
    assertThat(a.interDevSyncUrl()).isEqualTo(tv.ciiUrl());
    assertThat(a.app2AppUrl()).isEqualTo("ws://127.0.0.1:" + port + "/app2app/");
    assertThat(a.userAgent()).startsWith("HbbTV/1.5.1 (+DRM;dvbcss-java;TV simulator;");
    assertThat(a.hbbtvNamespaceMissing()).isFalse();
  }
}
