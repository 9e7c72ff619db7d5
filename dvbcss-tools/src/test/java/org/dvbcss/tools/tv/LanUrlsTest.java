package org.dvbcss.tools.tv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanUrlsTest {
  @Test
  void onlyWildcardBindsGetLanUrls() {
    assertThat(LanUrls.forWildcard("ws://127.0.0.1:7681/cii")).isEmpty();
    assertThat(LanUrls.forWildcard("ws://[::1]:7681/cii")).isEmpty();
    assertThat(LanUrls.forWildcard("ws://0.0.0.0:7681/cii"))
        .allSatisfy(
            url ->
                assertThat(url)
                    .matches("ws://\\d+\\.\\d+\\.\\d+\\.\\d+:7681/cii")
                    .doesNotStartWith("ws://127.")
                    .doesNotStartWith("ws://0.0.0.0"));
    assertThat(LanUrls.forWildcard("wss://0.0.0.0:7681/cii"))
        .allSatisfy(url -> assertThat(url).matches("wss://\\d+\\.\\d+\\.\\d+\\.\\d+:7681/cii"));
  }
}
