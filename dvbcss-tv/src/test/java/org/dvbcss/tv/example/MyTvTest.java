package org.dvbcss.tv.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dvbcss.tv.DemoContent;
import org.dvbcss.tv.Tv;
import org.junit.jupiter.api.Test;

/**
 * The TV example of {@code docs/embedding.md}: {@link MyTv} is exactly the code the document shows
 * (checked here), and it works, on loopback with ephemeral ports.
 */
class MyTvTest {
  private static final Path BASE = Path.of(System.getProperty("basedir", "."));

  @Test
  void theExampleSwitchesOnATvItsRemoteControlDrives() throws Exception {
    InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
    try (Tv tv = MyTv.switchOn(any, any)) {
      assertThat(tv.ciiUrl()).startsWith("ws://127.0.0.1:").endsWith("/cii");
      MyTv.remoteControl(tv, 'n');
      assertThat(tv.status().contentId()).isEqualTo(DemoContent.CONTENT_IDS.get(1));
      assertThat(tv.status().presentationStatus()).containsExactly("transitioning");
      MyTv.remoteControl(tv, 'p');
      assertThat(tv.status().speed()).isZero();
      MyTv.remoteControl(tv, '>');
      assertThat(tv.status().positionSeconds()).isBetween(30.0, 60.0);
      MyTv.remoteControl(tv, '?');
      assertThat(tv.status().speed()).as("other keys do nothing").isZero();
    }
  }

  @Test
  void theDocumentShowsExactlyThisCode() throws IOException {
    String source =
        Files.readString(BASE.resolve("src/test/java/org/dvbcss/tv/example/MyTv.java"))
            .replaceFirst("\\Apackage [^;]+;\n\n", "");
    assertThat(javaBlockWith(" class MyTv ")).isEqualTo(source);
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
