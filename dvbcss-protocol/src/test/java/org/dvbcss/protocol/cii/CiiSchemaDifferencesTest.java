package org.dvbcss.protocol.cii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.JsonSchema;
import java.util.stream.Stream;
import org.dvbcss.protocol.DvbSchemas;
import org.dvbcss.protocol.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where this codec and DVB's schema (css-cii.cii-1.1.1) disagree, each case pinned down: the
 * messages we reject although the schema accepts them (and why), and the ones we accept although
 * the schema rejects them.
 */
class CiiSchemaDifferencesTest {

  private static final String TIMELINE_WITH =
      "{\"timelines\":[{\"timelineSelector\":\"urn:x\",\"timelineProperties\":";

  /**
   * Rejected by us, accepted by the schema: duplicate keys (RFC 8259 section 4: names "SHOULD be
   * unique", and parsers disagree on which one wins, so a message with two contentIds is
   * ambiguous); unitsPerTick/unitsPerSecond above 2^63-1 (the spec's "positive integer" has no
   * bound; we hold a long, and no real timeline needs more); accuracy beyond the double range
   * (seconds as a double; no real accuracy is 1e400 s).
   */
  static Stream<String> weRejectSchemaAccepts() {
    return Stream.of(
        "{\"contentId\":\"dvb://a\",\"contentId\":\"dvb://b\"}",
        TIMELINE_WITH + "{\"unitsPerTick\":9223372036854775808,\"unitsPerSecond\":1}}]}",
        TIMELINE_WITH + "{\"unitsPerTick\":1,\"unitsPerSecond\":1,\"accuracy\":1e400}}]}");
  }

  @ParameterizedTest
  @MethodSource("weRejectSchemaAccepts")
  void weRejectWhatTheSchemaAccepts(String json) {
    JsonSchema schema = DvbSchemas.schema("css-cii.cii-1.1.1");
    assertThat(DvbSchemas.problems(schema, json)).isEmpty();
    assertThatThrownBy(() -> Cii.decode(json)).isExactlyInstanceOf(ProtocolException.class);
  }

  /** Edge cases where both reject: the reference's bugs and the schema's nulls. */
  static Stream<String> bothReject() {
    return Stream.of(
        "[]",
        "{\"protocolVersion\":null}",
        "{\"presentationStatus\":null}",
        "{\"private\":null}",
        "{\"presentationStatus\":\"okay  x\"}",
        TIMELINE_WITH + "{\"unitsPerTick\":1.0,\"unitsPerSecond\":1}}]}",
        TIMELINE_WITH + "{\"unitsPerTick\":-0,\"unitsPerSecond\":1}}]}",
        TIMELINE_WITH + "{\"unitsPerTick\":1,\"unitsPerSecond\":1,\"accuracy\":null}}]}");
  }

  @ParameterizedTest
  @MethodSource("bothReject")
  void bothRejectTheseEdges(String json) {
    JsonSchema schema = DvbSchemas.schema("css-cii.cii-1.1.1");
    assertThat(DvbSchemas.problems(schema, json)).isPresent();
    assertThatThrownBy(() -> Cii.decode(json)).isExactlyInstanceOf(ProtocolException.class);
  }

  /**
   * Accepted by us, rejected by the schema's {@code "format": "uri"}: strings that are not URIs in
   * URL and id properties, timeline selectors and private data types. The reference implementation
   * accepts them too; the transport or the application decides what to do with an unusable URL.
   */
  @Test
  void weAcceptNonUriStringsTheSchemaFormatRejects() {
    JsonSchema schema = DvbSchemas.schema("css-cii.cii-1.1.1");
    String json = "{\"contentId\":\"not a uri\",\"wcUrl\":\"::\"}";
    assertThat(DvbSchemas.problems(schema, json)).isPresent();
    assertThat(Cii.decode(json).contentId().value()).isEqualTo("not a uri");
  }
}
