package org.dvbcss.net.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OriginsTest {
  @ParameterizedTest
  @CsvSource({
    "https://app.example.com, https://app.example.com",
    "HTTPS://App.Example.COM, https://app.example.com",
    "https://app.example.com:443, https://app.example.com",
    "http://app.example.com:80, http://app.example.com",
    "wss://tv.example:443, wss://tv.example",
    "ws://tv.example:80, ws://tv.example",
    "http://app.example.com:443, http://app.example.com:443",
    "https://app.example.com:80, https://app.example.com:80",
    "http://localhost:8080, http://localhost:8080",
    "http://192.168.1.20:8000, http://192.168.1.20:8000",
    "http://[::1]:8000, http://[::1]:8000",
    "http://[FE80::1], http://[fe80::1]",
    "chrome-extension://abcdef, chrome-extension://abcdef",
    "' https://a.example ', https://a.example",
    "null, null",
  })
  void normalisesToTheSerializedOrigin(String text, String expected) {
    assertThat(Origins.normalise(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "NULL",
        "app.example.com",
        "https://app.example.com/",
        "https://app.example.com/path",
        "https://app.example.com?q",
        "https://app.example.com#f",
        "https://user@app.example.com",
        "https://",
        "https:app",
        "https://exa mple.com",
        "*",
      })
  void refusesWhatIsNotAnOrigin(String text) {
    assertThat(Origins.normalise(text)).isNull();
    assertThatThrownBy(() -> Origins.of(List.of(text)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an origin");
  }

  @Test
  void allowsOnlyListedOriginsAndNullOnlyIfListed() {
    Origins origins = Origins.of(List.of("https://App.example.com:443", "http://localhost:8080"));

    assertThat(origins.allowed())
        .containsExactlyInAnyOrder("https://app.example.com", "http://localhost:8080");
    assertThat(origins.allows("https://app.example.com")).isTrue();
    assertThat(origins.allows("HTTPS://APP.EXAMPLE.COM:443")).isTrue();
    assertThat(origins.allows("http://app.example.com")).isFalse();
    assertThat(origins.allows("https://app.example.com:8443")).isFalse();
    assertThat(origins.allows("https://evil.example.com")).isFalse();
    assertThat(origins.allows("https://app.example.com.evil.example")).isFalse();
    assertThat(origins.allows("http://localhost")).isFalse();
    assertThat(origins.allows("null")).isFalse();
    assertThat(origins.allows("garbage")).isFalse();
    assertThat(Origins.of(List.of("null")).allows("null")).isTrue();
    assertThat(Origins.of(List.of()).allows("https://app.example.com")).isFalse();
  }

  static LongStream seeds() {
    return LongStream.range(0, 200);
  }

  /** Any text either normalises to a fixed point or is refused; never anything else. */
  @ParameterizedTest
  @MethodSource("seeds")
  void arbitraryTextNormalisesToAFixedPointOrNothing(long seed) {
    Random random = new Random(seed);
    String alphabet = "abcXYZ019:/.[]@?#%-_ \u00e9";
    String[] prefixes = {"", "http://", "HTTPS://", "ws://", "x-y://"};
    StringBuilder text = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
    int n = random.nextInt(20);
    for (int i = 0; i < n; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    String normal = Origins.normalise(text.toString());
    if (normal != null) {
      assertThat(Origins.normalise(normal)).as("seed %d: %s", seed, text).isEqualTo(normal);
      assertThat(Origins.of(List.of(text.toString())).allows(normal)).isTrue();
    }
  }
}
