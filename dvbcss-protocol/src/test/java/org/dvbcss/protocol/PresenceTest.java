package org.dvbcss.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class PresenceTest {

  @Test
  void threeStatesAreDistinct() {
    Presence<String> a = Presence.absent();
    Presence<String> n = Presence.nullValue();
    Presence<String> v = Presence.of("x");
    assertThat(a).isNotEqualTo(n).isNotEqualTo(v);
    assertThat(n).isNotEqualTo(v);
    assertThat(a.isAbsent()).isTrue();
    assertThat(a.isPresent()).isFalse();
    assertThat(a.isNull()).isFalse();
    assertThat(a.hasValue()).isFalse();
    assertThat(n.isAbsent()).isFalse();
    assertThat(n.isPresent()).isTrue();
    assertThat(n.isNull()).isTrue();
    assertThat(n.hasValue()).isFalse();
    assertThat(v.isPresent()).isTrue();
    assertThat(v.isNull()).isFalse();
    assertThat(v.hasValue()).isTrue();
    assertThat(v.value()).isEqualTo("x");
    assertThat(a.hashCode()).isNotEqualTo(n.hashCode());
    assertThat(v).isEqualTo(Presence.of("x")).hasSameHashCodeAs(Presence.of("x"));
    assertThat(v).isNotEqualTo(Presence.of("y")).isNotEqualTo("x");
  }

  @Test
  void valueOnlyWhenThereIsOne() {
    assertThatThrownBy(() -> Presence.absent().value())
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("no value: absent");
    assertThatThrownBy(() -> Presence.nullValue().value())
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("no value: null");
    assertThat(Presence.<String>absent().orNull()).isNull();
    assertThat(Presence.<String>nullValue().orElse("d")).isEqualTo("d");
    assertThat(Presence.of("v").orElse("d")).isEqualTo("v");
    assertThat(Presence.of("v").orNull()).isEqualTo("v");
  }

  @Test
  void ofRejectsJavaNullAndOfNullableMapsItToJsonNull() {
    assertThatThrownBy(() -> Presence.of(null)).isInstanceOf(NullPointerException.class);
    assertThat(Presence.ofNullable(null)).isEqualTo(Presence.nullValue());
    assertThat(Presence.ofNullable("s")).isEqualTo(Presence.of("s"));
  }

  @Test
  void orIfAbsentKeepsNullAndValues() {
    Presence<String> fallback = Presence.of("old");
    assertThat(Presence.<String>absent().orIfAbsent(fallback)).isEqualTo(fallback);
    assertThat(Presence.<String>nullValue().orIfAbsent(fallback)).isEqualTo(Presence.nullValue());
    assertThat(Presence.of("new").orIfAbsent(fallback)).isEqualTo(Presence.of("new"));
  }

  @Test
  void mapKeepsAbsentAndNull() {
    assertThat(Presence.<String>absent().map(String::length)).isEqualTo(Presence.absent());
    assertThat(Presence.<String>nullValue().map(String::length)).isEqualTo(Presence.nullValue());
    assertThat(Presence.of("abc").map(String::length)).isEqualTo(Presence.of(3));
  }

  @Test
  void toStringNamesTheState() {
    assertThat(Presence.absent()).hasToString("absent");
    assertThat(Presence.nullValue()).hasToString("null");
    assertThat(Presence.of(5)).hasToString("Presence[5]");
  }
}
