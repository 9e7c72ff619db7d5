package org.dvbcss.protocol.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.dvbcss.protocol.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DialEdgeCasesTest {
  @Test
  void searchValuesAreValidated() {
    assertThatThrownBy(() -> new SsdpSearch(" ", 1, "st", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SsdpSearch(null, 1, "st", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SsdpSearch("h", -1, "st", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SsdpSearch("h", 1, "", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SsdpSearch("h", 1, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(SsdpSearch.dial("h", 1, null).encode()).doesNotContain("USER-AGENT");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "M-SEARCH *\r\n\r\n",
        "M-SEARCH * FTP/1.0\r\n\r\n",
        "M-SEARCH * HTTP/1.1\r\nMAN: \"ssdp:discover\"\r\nST:\r\n\r\n",
        "M-SEARCH * HTTP/1.1\r\nMAN: \"ssdp:discover\"\r\n\r\n",
        "M-SEARCH * HTTP/1.1\r\nMAN: \"ssdp:discover\"\r\nST: a\r\nMX: -2\r\n\r\n",
        "M-SEARCH * HTTP/1.1\r\nMAN: \"ssdp:alive\"\r\nST: a\r\n\r\n",
        "M-SEARCH * HTTP/1.1\r\n: nameless\r\n\r\n",
        "M-SEARCH * HTTP/1.1\r\nno colon here\r\n\r\n",
        "HTTP/1.1 200 OK\r\nLOCATION:\r\n\r\n",
        "HTTP/1.1\r\n\r\n",
        "FTP/1.1 200 OK\r\nLOCATION: x\r\n\r\n"
      })
  void malformedMessagesAreProtocolExceptions(String text) {
    assertThatThrownBy(
            () -> {
              if (text.startsWith("M-SEARCH")) {
                SsdpSearch.parse(text);
              } else {
                SsdpResponse.parse(text);
              }
            })
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void aSearchWithoutHostOrMxGetsTheDefaults() {
    SsdpSearch s =
        SsdpSearch.parse("M-SEARCH * HTTP/1.1\r\nMAN: ssdp:discover\r\nST: ssdp:all\r\n\r\n");
    assertThat(s.host()).isEqualTo(SsdpSearch.MULTICAST_HOST);
    assertThat(s.mx()).isEqualTo(1);
    assertThatThrownBy(() -> SsdpSearch.parse("x".repeat(SsdpSearch.MAX_CHARS + 1)))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void responsesWithFewHeadersAndExtraOnes() {
    assertThatThrownBy(() -> new SsdpResponse(" ", null, null, null, null, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SsdpResponse(null, null, null, null, null, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    SsdpResponse bare = new SsdpResponse("http://x/", null, null, null, null, Map.of("X-A", "1"));
    String text = bare.encode();
    assertThat(text).contains("LOCATION: http://x/").contains("X-A: 1").doesNotContain("ST:");
    assertThat(bare.maxAge()).isEqualTo(-1);
    assertThat(new SsdpResponse("http://x/", null, null, "no-cache", null, Map.of()).maxAge())
        .isEqualTo(-1);
    SsdpResponse back = SsdpResponse.parse(text);
    assertThat(back.headers()).containsEntry("x-a", "1");
    assertThat(back.encode()).isEqualTo(text);
  }

  @Test
  void documentsWithAbsentFields() {
    DeviceDescription empty = new DeviceDescription(null, null, null, null, null);
    assertThat(DeviceDescription.parse(empty.encodeXml())).isEqualTo(empty);
    HbbTvApplication none = new HbbTvApplication(null, null, null, null, null, null, false);
    assertThat(HbbTvApplication.parse(none.encodeXml())).isEqualTo(none);
    assertThatThrownBy(() -> DeviceDescription.parse("<" + "a".repeat(DialXml.MAX_CHARS) + "/>"))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> DeviceDescription.parse("not xml"))
        .isInstanceOf(ProtocolException.class);
  }
}
