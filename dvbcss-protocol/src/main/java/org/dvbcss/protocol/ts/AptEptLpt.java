package org.dvbcss.protocol.ts;

import java.util.Objects;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.ProtocolException;

/**
 * The CSS-TS actual, earliest and latest presentation timestamps, which a companion may send to say
 * when it is presenting (actual) and when it could present (earliest and latest):
 *
 * <pre>{@code
 * { "actual":   { "contentTime": "834000", "wallClockTime": "1234567890000" },
 *   "earliest": { "contentTime": "834000", "wallClockTime": "minusinfinity" },
 *   "latest":   { "contentTime": "834000", "wallClockTime": "plusinfinity" } }
 * }</pre>
 *
 * <p>{@code actual} is optional and always finite; {@code earliest} may be at minus infinity (never
 * plus); {@code latest} may be at plus infinity (never minus). The reference implementation's
 * defaults, "no constraint", are {@code Timestamp.minusInfinity(0)} and {@code
 * Timestamp.plusInfinity(0)}.
 *
 * <p>Immutable and thread safe.
 *
 * @param actual the actual presentation timestamp; absent or a finite timestamp, never the null
 *     state
 * @param earliest the earliest presentation timestamp; finite or minus infinity
 * @param latest the latest presentation timestamp; finite or plus infinity
 */
public record AptEptLpt(Presence<Timestamp> actual, Timestamp earliest, Timestamp latest) {

  /**
   * Validates the fields.
   *
   * @throws NullPointerException if a field is null
   * @throws IllegalArgumentException if {@code actual} is null or infinite, {@code earliest} is at
   *     plus infinity or {@code latest} at minus infinity
   */
  public AptEptLpt {
    Objects.requireNonNull(actual, "actual");
    Objects.requireNonNull(earliest, "earliest");
    Objects.requireNonNull(latest, "latest");
    if (actual.isNull()) {
      throw new IllegalArgumentException("AptEptLpt: actual must be absent or a timestamp");
    }
    if (actual.hasValue() && !actual.value().isFinite()) {
      throw new IllegalArgumentException("AptEptLpt: actual must be finite, was " + actual.value());
    }
    if (earliest.infinity() == Timestamp.Infinity.PLUS) {
      throw new IllegalArgumentException("AptEptLpt: earliest must not be at plus infinity");
    }
    if (latest.infinity() == Timestamp.Infinity.MINUS) {
      throw new IllegalArgumentException("AptEptLpt: latest must not be at minus infinity");
    }
  }

  /**
   * Decodes an actual, earliest and latest presentation timestamps message. Unknown keys are
   * ignored.
   *
   * @param json the JSON text
   * @return the message
   * @throws ProtocolException if the text is not a valid message; the message names the field and
   *     the value, e.g. {@code CSS-TS timestamps: latest is missing}
   */
  public static AptEptLpt decode(String json) {
    return TsCodec.decodeAptEptLpt(json);
  }

  /**
   * Encodes this message as compact JSON, omitting {@code actual} when absent.
   *
   * @return the JSON text
   */
  public String encode() {
    return TsCodec.encode(this);
  }
}
