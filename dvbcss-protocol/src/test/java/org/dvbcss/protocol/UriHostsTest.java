package org.dvbcss.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UriHostsTest {

  /** Address literals: {@code InetAddress.getByName} parses them without a lookup. */
  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, 127.0.0.1",
    "0.0.0.0, 0.0.0.0",
    "::1, [::1]",
    "::, [::]",
    "fe80:0:0:0:0:0:0:1, [fe80::1]",
    "fe80::1%1, [fe80::1]",
    "2001:db8:0:0:1:0:0:1, [2001:db8::1:0:0:1]",
    "2001:db8:0:1:1:1:1:1, [2001:db8:0:1:1:1:1:1]",
    "2001:0:0:1:0:0:0:0, [2001:0:0:1::]",
    "0:0:0:0:0:0:0:1, [::1]",
    "1:0:0:2:0:0:0:3, [1:0:0:2::3]",
    "1:0:2:0:3:0:4:0, [1:0:2:0:3:0:4:0]",
  })
  void anAddressIsWrittenAsAUrlHost(String address, String host) throws UnknownHostException {
    assertThat(UriHosts.of(InetAddress.getByName(address))).isEqualTo(host);
  }

  @ParameterizedTest
  @CsvSource({
    "::1, [::1]",
    "[::1], [::1]",
    "fe80::1%25eth0, [fe80::1%25eth0]",
    "127.0.0.1, 127.0.0.1",
    "tv.local, tv.local",
  })
  void onlyAnIpv6LiteralGoesInBrackets(String host, String inUrl) {
    assertThat(UriHosts.bracketed(host)).isEqualTo(inUrl);
    assertThat(UriHosts.bracketed(inUrl)).isEqualTo(inUrl);
    assertThat(UriHosts.unbracketed(inUrl)).isEqualTo(UriHosts.unbracketed(host));
    assertThat(UriHosts.unbracketed(inUrl)).doesNotContain("[", "]");
  }

  @ParameterizedTest
  @CsvSource({
    "0.0.0.0, 192.168.1.20, true",
    "[::], 192.168.1.20, true",
    "'', 192.168.1.20, true",
    "127.0.0.1, 192.168.1.20, true",
    "localhost, 192.168.1.20, true",
    "[::1], 10.0.0.5, true",
    "127.0.0.1, 127.0.0.1, false",
    "localhost, [::1], false",
    "::1, 0:0:0:0:0:0:0:1, false",
    "192.168.1.20, 192.168.1.20, false",
    "tv.local, 192.168.1.20, false"
  })
  void unusableHosts(String host, String reached, boolean unusable) {
    assertThat(UriHosts.unusable(host, reached)).isEqualTo(unusable);
  }

  @ParameterizedTest
  @CsvSource({
    "ws://0.0.0.0:7681/ts, 192.168.1.20, ws://192.168.1.20:7681/ts",
    "udp://0.0.0.0:6677, 192.168.1.20, udp://192.168.1.20:6677",
    "ws://:7681/cii, 10.0.0.5, ws://10.0.0.5:7681/cii",
    "ws://localhost/cii, 10.0.0.5, ws://10.0.0.5/cii",
    "ws://[::]:1/cii?x#y, ::1, ws://[::1]:1/cii?x#y",
    "ws://user@0.0.0.0:2/p, [fe80::1], ws://user@[fe80::1]:2/p",
    "ws://10.0.0.9:7681/cii, 10.0.0.5, ws://10.0.0.9:7681/cii",
    "ws://127.0.0.1:7681/cii, 127.0.0.1, ws://127.0.0.1:7681/cii",
    "not a url, 10.0.0.5, not a url",
    "ws://[::1/cii, 10.0.0.5, ws://[::1/cii"
  })
  void urlsGetAUsableHost(String url, String reached, String expected) {
    assertThat(UriHosts.withUsableHost(url, reached)).isEqualTo(expected);
  }
}
