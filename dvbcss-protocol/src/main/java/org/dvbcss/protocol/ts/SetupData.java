package org.dvbcss.protocol.ts;

import java.util.List;
import java.util.Objects;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.PrivateData;
import org.dvbcss.protocol.ProtocolException;

/**
 * The CSS-TS setup-data message, the first a companion sends on a CSS-TS connection:
 *
 * <pre>{@code
 * { "contentIdStem": "dvb://233a.1004", "timelineSelector": "urn:dvb:css:timeline:pts",
 *   "private": [ ... ] }
 * }</pre>
 *
 * <p>The TV sends control timestamps for the timeline while its content id starts with {@code
 * contentIdStem} (the empty stem matches any content). {@code private} is optional: absent or a
 * list (DVB's schema does not allow null).
 *
 * <p>Immutable and thread safe.
 *
 * @param contentIdStem the content id stem, any string (by convention a prefix of a URI)
 * @param timelineSelector the timeline selector, e.g. {@code urn:dvb:css:timeline:pts}
 * @param privateData the {@code private} member; absent or a list, never the null state
 */
public record SetupData(
    String contentIdStem, String timelineSelector, Presence<List<PrivateData>> privateData) {

  /**
   * Validates the fields and copies the list.
   *
   * @throws NullPointerException if a field is null
   * @throws IllegalArgumentException if {@code privateData} is the null state
   */
  public SetupData {
    Objects.requireNonNull(contentIdStem, "contentIdStem");
    Objects.requireNonNull(timelineSelector, "timelineSelector");
    Objects.requireNonNull(privateData, "privateData");
    if (privateData.isNull()) {
      throw new IllegalArgumentException("SetupData: privateData must be absent or a list");
    }
    privateData = privateData.map(List::copyOf);
  }

  /**
   * Setup data without {@code private}.
   *
   * @param contentIdStem the content id stem
   * @param timelineSelector the timeline selector
   */
  public SetupData(String contentIdStem, String timelineSelector) {
    this(contentIdStem, timelineSelector, Presence.absent());
  }

  /**
   * Decodes a setup-data message. Unknown keys are ignored.
   *
   * @param json the JSON text
   * @return the message
   * @throws ProtocolException if the text is not a valid setup-data message; the message names the
   *     field and the value, e.g. {@code CSS-TS setup data: contentIdStem is missing}
   */
  public static SetupData decode(String json) {
    return TsCodec.decodeSetupData(json);
  }

  /**
   * Encodes this message as compact JSON, e.g. {@code
   * {"contentIdStem":"dvb://","timelineSelector":"urn:dvb:css:timeline:pts"}}.
   *
   * @return the JSON text
   */
  public String encode() {
    return TsCodec.encode(this);
  }
}
