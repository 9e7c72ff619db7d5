package org.dvbcss.tools.discover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dvbcss.tools.CommandRun;
import org.junit.jupiter.api.Test;

/** {@code discover} finds {@code tv} through its DIAL server, on loopback only (unicast search). */
class DiscoverCommandTest {
  @Test
  void discoverFindsARunningTvAndPrintsItsCiiUrl() throws Exception {
    CommandRun tv = new CommandRun();
    CompletableFuture<Integer> running =
        tv.executeInBackground(
            "tv",
            "127.0.0.1",
            "0",
            "127.0.0.1",
            "0",
            "--ssdp-address",
            "127.0.0.1:0",
            "--no-keyboard",
            "--duration",
            "8",
            "-q");
    String cii = tv.awaitOutput(Pattern.compile("CII (ws://127\\.0\\.0\\.1:\\d+/cii)")).group(1);
    Matcher dial =
        tv.awaitOutput(
            Pattern.compile(
                "DIAL (http://127\\.0\\.0\\.1:\\d+/dial/dd\\.xml) +\\(SSDP 127\\.0\\.0\\.1:(\\d+)\\)"));
    String ssdp = "127.0.0.1:" + dial.group(2);

    CommandRun text = new CommandRun();
    assertThat(text.execute("discover", "--search-address", ssdp, "--timeout", "1s", "-q"))
        .as(text.err.toString())
        .isZero();
    assertThat(text.out.toString())
        .contains("dvbcss-java TV  (dvbcss-java, TV simulator)")
        .contains("  CII " + cii)
        .contains("  LOCATION " + dial.group(1))
        .doesNotContain("problem");

    CommandRun json = new CommandRun();
    assertThat(
            json.execute(
                "discover", "--search-address", ssdp, "--timeout", "500ms", "--json", "-q"))
        .as(json.err.toString())
        .isZero();
    assertThat(json.out.toString().lines().toList())
        .singleElement()
        .satisfies(
            l ->
                assertThat(l)
                    .startsWith("{\"ssdpSource\":\"127.0.0.1\"")
                    .contains("\"ciiUrl\":\"" + cii + "\"")
                    .contains("\"friendlyName\":\"dvbcss-java TV\"")
                    .contains("\"problems\":[]"));
    assertThat(running.get(20, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void nothingFoundExitsWithOne() throws Exception {
    try (java.net.DatagramSocket silent =
        new java.net.DatagramSocket(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0))) {
      CommandRun run = new CommandRun();
      assertThat(
              run.execute(
                  "discover",
                  "--search-address",
                  "127.0.0.1:" + silent.getLocalPort(),
                  "--timeout",
                  "200ms",
                  "-q"))
          .isEqualTo(1);
      assertThat(run.out.toString()).contains("no DIAL server answered");
    }
  }
}
