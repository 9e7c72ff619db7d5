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
}
