package org.dvbcss.companion.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dvbcss.companion.Companion;
import org.dvbcss.tv.Tv;
import org.dvbcss.tv.TvConfig;
import org.junit.jupiter.api.Test;

/**
 * The companion example of {@code docs/embedding.md}: {@link MyCompanion} is exactly the code the
 * document shows (checked here), and it follows the TV of dvbcss-tv, on loopback.
 */
class MyCompanionTest {
  private static final Path BASE = Path.of(System.getProperty("basedir", "."));

  @Test
  void theExampleFollowsTheTvToWithinTenMilliseconds() throws Exception {
    InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
    try (Tv tv =
        Tv.start(
            TvConfig.builder()
                .webSocketAddress(any)
                .wallClockAddress(any)
                .transition(Duration.ZERO)
                .build())) {
      tv.seek(60); // the programme is under way
      try (Companion companion = MyCompanion.follow(URI.create(tv.ciiUrl()))) {
        await()
            .atMost(Duration.ofSeconds(15))
            .until(() -> !Double.isNaN(MyCompanion.position(companion)));
        double before = tv.ptsTicks() / 90_000;
        double position = MyCompanion.position(companion);
        double after = tv.ptsTicks() / 90_000;
        // within the 10 ms the example waits for (and half a tick of rounding) of the truth
        assertThat(position)
            .isCloseTo((before + after) / 2, within((after - before) / 2 + 0.010 + 0.5 / 90_000));
      }
    }
  }

  @Test
  void theDocumentShowsExactlyThisCode() throws IOException {
    String source =
        Files.readString(
                BASE.resolve("src/test/java/org/dvbcss/companion/example/MyCompanion.java"))
            .replaceFirst("\\Apackage [^;]+;\n\n", "");
    assertThat(javaBlockWith(" class MyCompanion ")).isEqualTo(source);
  }

  /** The fenced Java block of docs/embedding.md that contains {@code text}, with its last line. */
  static String javaBlockWith(String text) throws IOException {
    String doc = Files.readString(BASE.resolve("../docs/embedding.md"));
    Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(doc);
    while (m.find()) {
      if (m.group(1).contains(text)) {
        return m.group(1);
      }
    }
    throw new AssertionError("docs/embedding.md has no Java block with '" + text + "'");
  }
}
