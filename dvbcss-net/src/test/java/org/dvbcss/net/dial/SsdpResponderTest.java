package org.dvbcss.net.dial;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.dvbcss.protocol.dial.SsdpResponse;
import org.dvbcss.protocol.dial.SsdpSearch;
import org.junit.jupiter.api.Test;

class SsdpResponderTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private static SsdpResponderConfig loopback() {
    return SsdpResponderConfig.defaults().withBindAddress(new InetSocketAddress(LOOPBACK, 0));
  }

  private static void send(DatagramSocket client, SsdpResponder responder, String text)
      throws Exception {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    client.send(new DatagramPacket(b, b.length, responder.localAddress()));
  }

  private static String receive(DatagramSocket client) throws Exception {
    byte[] buffer = new byte[4096];
    DatagramPacket p = new DatagramPacket(buffer, buffer.length);
    client.receive(p);
    return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
  }

  @Test
  void aLoopbackResponderNeverJoinsTheGroup() {
    assertThat(loopback().joinsMulticast()).isFalse();
    assertThat(SsdpResponderConfig.defaults().joinsMulticast()).isTrue();
  }

  @Test
  void answersADialSearchByUnicastWithTheLocationForTheLocalAddress() throws Exception {
    try (SsdpResponder responder =
            SsdpResponder.start(
                loopback(), "u-1", local -> "http://" + local.getHostAddress() + ":80/dd.xml");
        DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      client.setSoTimeout(5_000);
      send(client, responder, SsdpSearch.dial("127.0.0.1:1900", 1, "test").encode());
      SsdpResponse r = SsdpResponse.parse(receive(client));
      assertThat(r.location()).isEqualTo("http://127.0.0.1:80/dd.xml");
      assertThat(r.st()).isEqualTo(SsdpSearch.DIAL_ST);
      assertThat(r.usn()).startsWith("uuid:u-1");
      assertThat(responder.counters().answered()).isEqualTo(1);
    }
  }

  @Test
  void malformedDatagramsOtherTargetsAndAThrowingCallbackAreSurvived() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (SsdpResponder responder =
            SsdpResponder.start(
                loopback(),
                "u-2",
                local -> {
                  if (calls.getAndIncrement() == 0) {
                    throw new IllegalStateException("on purpose");
                  }
                  return "http://x/dd.xml";
                });
        DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      client.setSoTimeout(5_000);
      send(client, responder, "\u0000garbage");
      send(client, responder, new SsdpSearch("h", 1, "upnp:rootdevice", null).encode());
      send(client, responder, SsdpSearch.dial("h", 1, null).encode()); // the callback throws
      send(
          client,
          responder,
          "M-SEARCH * HTTP/1.1\r\nMAN: \"ssdp:discover\"\r\nST: ssdp:all\r\n\r\n");
      assertThat(SsdpResponse.parse(receive(client)).location()).isEqualTo("http://x/dd.xml");
      SsdpResponder.Counters c = responder.counters();
      assertThat(c.received()).isEqualTo(4);
      assertThat(c.malformed()).isEqualTo(1);
      assertThat(c.ignored()).isEqualTo(1);
      assertThat(c.errors()).isEqualTo(1);
      assertThat(c.answered()).isEqualTo(1);
    }
  }

  @Test
  void closeIsIdempotent() throws Exception {
    SsdpResponder responder = SsdpResponder.start(loopback(), "u", local -> "http://x/");
    responder.close();
    responder.close();
  }
}
