package org.dvbcss.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrivateDataTest {

  @Test
  void keepsTheWholeObjectCompactly() {
    PrivateData p =
        PrivateData.fromJson(
            "{ \"type\" : \"urn:x\", \"n\": 12345678901234567890123, \"d\": 1.50 }");
    assertThat(p.type()).isEqualTo("urn:x");
    assertThat(p.json()).isEqualTo("{\"type\":\"urn:x\",\"n\":12345678901234567890123,\"d\":1.50}");
    assertThat(PrivateData.fromJson(p.json())).isEqualTo(p).hasSameHashCodeAs(p);
    assertThat(p).hasToString(p.json());
  }

  @Test
  void ofTypeEscapes() {
    PrivateData p = PrivateData.ofType("urn:\"q\"");
    assertThat(p.json()).isEqualTo("{\"type\":\"urn:\\\"q\\\"\"}");
    assertThat(p.type()).isEqualTo("urn:\"q\"");
  }

  @Test
  void rejectsWhatIsNotAnObjectWithAStringType() {
    assertThatThrownBy(() -> PrivateData.fromJson("[]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("private data must be an object, was []");
    assertThatThrownBy(() -> PrivateData.fromJson("{\"type\":5}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("private data must have a string type, was {\"type\":5}");
    assertThatThrownBy(() -> PrivateData.fromJson("{\"a\":1}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PrivateData.fromJson("{"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("private data: not valid JSON");
  }
}
