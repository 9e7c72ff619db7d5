package org.dvbcss.net.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.dvbcss.protocol.wc.UdpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The I/O side of {@code udp://} URLs: bound addresses to URLs, URLs to socket addresses. */
class UdpUrlsTest {

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
  })
  void writesTheUrlACompanionCanUse(String address, String url) throws UnknownHostException {
    assertThat(UdpUrls.of(new InetSocketAddress(InetAddress.getByName(address), 6677)).toString())
        .isEqualTo(url);
  }

  @ParameterizedTest
  @CsvSource({
    "udp://127.0.0.1:6677, 127.0.0.1, 6677",
    "udp://[::1]:1, ::1, 1",
    "udp://[2001:db8::1]:65535, 2001:db8::1, 65535",
  })
  void resolvesALiteralWithoutALookup(String url, String address, int port)
      throws UnknownHostException {
    InetSocketAddress resolved = UdpUrls.resolve(UdpUrl.parse(url));
    assertThat(resolved.getAddress()).isEqualTo(InetAddress.getByName(address));
    assertThat(resolved.getPort()).isEqualTo(port);
    assertThat(UdpUrls.of(resolved).toString()).isEqualTo(url);
  }

  @Test
  void anUnresolvedAddressHasNoUrl() {
    assertThatThrownBy(() -> UdpUrls.of(InetSocketAddress.createUnresolved("tv.invalid", 6677)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tv.invalid");
  }
}
