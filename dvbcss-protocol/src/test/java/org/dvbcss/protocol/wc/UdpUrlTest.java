package org.dvbcss.protocol.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UdpUrlTest {

  /** Address literals: {@code InetAddress.getByName} parses them without a lookup. */
  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, udp://127.0.0.1:6677",
    "0.0.0.0, udp://0.0.0.0:6677",
    "::1, udp://[::1]:6677",
    "::, udp://[::]:6677",
    "fe80:0:0:0:0:0:0:1, udp://[fe80::1]:6677",
    "2001:db8:0:0:1:0:0:1, udp://[2001:db8::1:0:0:1]:6677",
    "2001:db8:0:1:1:1:1:1, udp://[2001:db8:0:1:1:1:1:1]:6677",
    "2001:0:0:1:0:0:0:0, udp://[2001:0:0:1::]:6677",
    "2001:DB8:0:0:0:0:0:AB, udp://[2001:db8::ab]:6677",
  })
  void writesTheUrlOfAnAddress(String address, String url) throws UnknownHostException {
    UdpUrl u = UdpUrl.of(InetAddress.getByName(address), 6677);
    assertThat(u.toString()).isEqualTo(url);
    assertThat(UdpUrl.parse(url)).isEqualTo(u);
  }

  @Test
  void anIpv6HostIsKeptWithoutBracketsAndWrittenWithThem() {
    UdpUrl withBrackets = new UdpUrl("[::1]", 1);
    UdpUrl without = new UdpUrl("::1", 1);
    assertThat(withBrackets).isEqualTo(without);
    assertThat(without.host()).isEqualTo("::1");
    assertThat(without.uriHost()).isEqualTo("[::1]");
    assertThat(without.toString()).isEqualTo("udp://[::1]:1");
    assertThat(without.toUri()).isEqualTo(URI.create("udp://[::1]:1"));
    assertThat(UdpUrl.format("::1", 1)).isEqualTo("udp://[::1]:1");
    assertThat(UdpUrl.format("tv.local", 6677)).isEqualTo("udp://tv.local:6677");
    assertThat(UdpUrl.format("192.168.1.20", 65535)).isEqualTo("udp://192.168.1.20:65535");
  }

  @ParameterizedTest
  @CsvSource({
    "udp://127.0.0.1:6677, 127.0.0.1, 6677",
    "udp://tv.local:1, tv.local, 1",
    "udp://TV:65535, TV, 65535",
    "udp://[::1]:6677, ::1, 6677",
    "udp://[2001:db8::1]:123, 2001:db8::1, 123",
    "udp://[fe80::1%25eth0]:6677, fe80::1%25eth0, 6677",
  })
  void parsesAUrl(String text, String host, int port) {
    UdpUrl url = UdpUrl.parse(text);
    assertThat(url.host()).isEqualTo(host);
    assertThat(url.port()).isEqualTo(port);
    assertThat(url.toString()).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({
    "udp://tv, 6677, udp://tv:6677",
    "udp://tv:, 6677, udp://tv:6677",
    "udp://[::1], 1234, udp://[::1]:1234",
    "udp://tv:9, 6677, udp://tv:9",
  })
  void aDefaultPortFillsInAnOmittedOne(String text, int defaultPort, String url) {
    assertThat(UdpUrl.parse(text, defaultPort).toString()).isEqualTo(url);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "udp://a b:6677 | Illegal character in authority at index 6: udp://a b:6677",
        "udp://[::1:6677 | Expected closing bracket for IPv6 address at index 15: udp://[::1:6677",
        "http://tv:6677 | WC_URL must be udp://host:port, was http://tv:6677",
        "UDP://tv:6677 | WC_URL must be udp://host:port, was UDP://tv:6677",
        "udp:tv:6677 | WC_URL must be udp://host:port, was udp:tv:6677",
        "udp://:6677 | WC_URL must be udp://host:port, was udp://:6677",
        "udp://my_tv:6677 | WC_URL must be udp://host:port, was udp://my_tv:6677",
        "udp://tv | WC_URL must be udp://host:port, was udp://tv",
        "udp://tv: | WC_URL must be udp://host:port, was udp://tv:",
        "udp://me@tv:6677 | WC_URL must be udp://host:port, was udp://me@tv:6677",
        "udp://tv:6677/ | WC_URL must be udp://host:port, was udp://tv:6677/",
        "udp://tv:6677/wc | WC_URL must be udp://host:port, was udp://tv:6677/wc",
        "udp://tv:6677?x=1 | WC_URL must be udp://host:port, was udp://tv:6677?x=1",
        "udp://tv:6677#f | WC_URL must be udp://host:port, was udp://tv:6677#f",
        "udp://tv:-1 | WC_URL must be udp://host:port, was udp://tv:-1",
        "udp://tv:99999999999 | WC_URL must be udp://host:port, was udp://tv:99999999999",
        "udp://tv:0 | port out of range:0",
        "udp://tv:65536 | port out of range:65536",
        "udp://tv:70000 | port out of range:70000",
      })
  void refusesAnythingElseNamingTheValue(String text, String message) {
    assertThatThrownBy(() -> UdpUrl.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void anEmptyTextIsNoUrl() {
    assertThatThrownBy(() -> UdpUrl.parse(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("WC_URL must be udp://host:port, was ");
  }

  @Test
  void aDefaultPortMustBeAPort() {
    assertThatThrownBy(() -> UdpUrl.parse("udp://tv", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port out of range:0");
    assertThat(UdpUrl.parse("udp://tv:5", -1).port()).isEqualTo(5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a b", "tv/x", "me@tv", "tv?x", "tv#x", "my_tv", "1::2::3", "tv:1"})
  void refusesAHostAUrlCannotCarry(String host) {
    assertThatThrownBy(() -> new UdpUrl(host, 6677))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "udp URL host must be a host name or an IP address literal, was \"" + host + "\"");
  }

  @ParameterizedTest
  @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 65536, Integer.MAX_VALUE})
  void refusesAPortOutsideTheRange(int port) {
    assertThatThrownBy(() -> new UdpUrl("tv", port))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port out of range:" + port);
  }
}
