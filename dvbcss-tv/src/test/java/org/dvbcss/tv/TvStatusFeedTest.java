package org.dvbcss.tv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.dvbcss.net.testing.JdkWebSocketPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The TV's /status feed on loopback, driven by a JDK WebSocket as the page would. */
class TvStatusFeedTest {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private Tv tv;
  private JdkWebSocketPeer page;

  @BeforeEach
  void start() throws Exception {
    tv =
        Tv.start(
            TvConfig.builder()
                .webSocketAddress(new InetSocketAddress("127.0.0.1", 0))
                .wallClockAddress(new InetSocketAddress("127.0.0.1", 0))
                .transition(Duration.ofMillis(100))
                .build());
    page = new JdkWebSocketPeer(URI.create(tv.ciiUrl().replace("/cii", StatusFeed.PATH)));
  }

  @AfterEach
  void stop() {
    page.close();
    tv.close();
  }

  private JsonNode next() throws InterruptedException {
    return MAPPER.readTree(Objects.requireNonNull(page.next(), "no message"));
  }

  /** Sends a command and returns the first snapshot that satisfies what it should have done. */
  private JsonNode command(String json, java.util.function.Predicate<JsonNode> done)
      throws InterruptedException {
    page.send(json);
    for (int i = 0; i < 20; i++) {
      JsonNode m = next();
      if (m.get("type").asString().equals("status") && done.test(m)) {
        return m;
      }
    }
    throw new AssertionError("not seen after " + json);
  }

  @Test
  void pushesSnapshotsAndAppliesEveryCommand() throws Exception {
    assertThat(tv.pageUrl())
        .isEqualTo(tv.ciiUrl().replace("ws://", "http://").replace("/cii", "/"));
    JsonNode first = next();
    assertThat(first.get("type").asString()).isEqualTo("status");
    assertThat(first.get("contentId").asString()).isEqualTo(tv.status().contentId());
    assertThat(first.get("urls").get("wc").asString()).isEqualTo(tv.wcUrl());
    JsonNode periodic = next(); // the 250 ms push
    assertThat(periodic.get("wallClockNs").asLong())
        .isGreaterThan(first.get("wallClockNs").asLong());

    command("{\"command\":\"pause\"}", m -> m.get("speed").asDouble() == 0);
    command("{\"command\":\"play\"}", m -> m.get("speed").asDouble() == 1);
    command("{\"command\":\"togglePlay\"}", m -> m.get("speed").asDouble() == 0);
    command("{\"command\":\"speed\",\"speed\":2}", m -> m.get("speed").asDouble() == 2);
    command("{\"command\":\"pause\"}", m -> m.get("speed").asDouble() == 0);
    double before = tv.status().positionSeconds();
    command(
        "{\"command\":\"seek\",\"seconds\":10}",
        m -> m.get("positionSeconds").asDouble() > before + 9.9);
    command(
        "{\"command\":\"toggleTimeline\",\"name\":\"temi\"}",
        m -> !m.get("timelines").get(1).get("served").asBoolean());
    String next = DemoContent.CONTENT_IDS.get(1);
    command("{\"command\":\"next\"}", m -> m.get("contentId").asString().equals(next));
    await().until(() -> tv.status().presentationStatus().equals(java.util.List.of("okay")));

    page.send("{\"command\":\"seek\",\"seconds\":\"x\"}");
    JsonNode error = null;
    for (int i = 0; i < 20 && error == null; i++) {
      JsonNode m = next();
      if (m.get("type").asString().equals("error")) {
        error = m;
      }
    }
    assertThat(error).isNotNull();
    assertThat(error.get("message").asString()).isEqualTo("\"seconds\" must be a number");
    assertThat(tv.statusFeed().badCommands()).isEqualTo(1);
    assertThat(tv.statusFeed().sessionCount()).isEqualTo(1);
  }
}
