package org.dvbcss.companion.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiscoveryValuesTest {
  @Test
  void configIsValidated() {
    assertThat(DiscoveryConfig.defaults().timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThatThrownBy(() -> DiscoveryConfig.builder().mx(-1).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DiscoveryConfig.builder().mx(6).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DiscoveryConfig.builder().timeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DiscoveryConfig.builder().httpTimeout(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stepHeaders() {
    DialStep step =
        new DialStep(
            "GET", "u", "u", List.of(), 404, null, Map.of("X-A", List.of()), null, 1, null);
    assertThat(step.header("x-a")).isNull();
    assertThat(step.header("x-b")).isNull();
    assertThat(step.ok()).isFalse();
    assertThat(step.redirected()).isFalse();
  }

  @Test
  void reachableEdgeCases() throws Exception {
    InetAddress tv = InetAddress.getByName("10.0.0.5");
    assertThat(DiscoveredTv.reachable("not a url", tv)).isEqualTo("not a url");
    assertThat(DiscoveredTv.reachable("ws://[::1/cii", tv)).isEqualTo("ws://[::1/cii");
    assertThat(DiscoveredTv.reachable("ws://[::1]:7681/cii", tv))
        .isEqualTo("ws://10.0.0.5:7681/cii");
    assertThat(DiscoveredTv.reachable("ws://u@0.0.0.0:1/cii", tv))
        .isEqualTo("ws://u@10.0.0.5:1/cii");
    assertThat(DiscoveredTv.reachable("ws://[0:0:0:0:0:0:0:0]:1", tv)).isEqualTo("ws://10.0.0.5:1");
    assertThat(DiscoveredTv.reachable("ws://tv.local:1/cii", tv)).isEqualTo("ws://tv.local:1/cii");
  }
}
