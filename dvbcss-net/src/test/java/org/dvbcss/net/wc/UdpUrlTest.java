package org.dvbcss.net.wc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UdpUrlTest {

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
    assertThat(WallClockServer.udpUrl(new InetSocketAddress(InetAddress.getByName(address), 6677)))
        .isEqualTo(url);
  }
}
