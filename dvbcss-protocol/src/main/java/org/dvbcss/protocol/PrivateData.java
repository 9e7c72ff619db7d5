package org.dvbcss.protocol;

import java.util.Objects;
import org.dvbcss.protocol.internal.Json;
import org.jspecify.annotations.Nullable;

/**
 * One item of a {@code private} property (CSS-CII, CSS-TS): a JSON object with a string {@code
 * type} (by convention a URI naming the kind of data) and any other members, kept whole.
 *
 * <p>The object is held as its compact JSON text, so nothing in it is lost (numbers keep their
 * exact value; key order is kept). Parse {@link #json()} with any JSON library to read the other
 * members. Two items are equal when their compact JSON texts are equal.
 *
 * <p>Immutable and thread safe.
 */
public final class PrivateData {

  static {
    Json.registerPrivateDataMaker(PrivateData::new);
  }

  private final String json;
  private final String type;

  private PrivateData(String json, String type) {
    this.json = json;
    this.type = type;
  }

  /**
   * Private data from its JSON text.
   *
   * @param json a JSON object with a string member {@code type}
   * @return the item, holding the compact form of the text
   * @throws IllegalArgumentException if the text is not such an object
   */
  public static PrivateData fromJson(String json) {
    String[] canonical = Json.canonicalPrivateItem(json);
    return new PrivateData(canonical[0], canonical[1]);
  }

  /**
   * Private data with only a type.
   *
   * @param type the type, usually a URI
   * @return {@code {"type":"<type>"}}
   */
  public static PrivateData ofType(String type) {
    Objects.requireNonNull(type, "type");
    return fromJson(
        Json.write(g -> g.writeStartObject().writeStringProperty("type", type).writeEndObject()));
  }

  /**
   * The value of the {@code type} member.
   *
   * @return the type
   */
  public String type() {
    return type;
  }

  /**
   * The whole object as compact JSON text.
   *
   * @return the JSON text, e.g. {@code {"type":"urn:x","n":5}}
   */
  public String json() {
    return json;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof PrivateData p && json.equals(p.json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  /**
   * The JSON text.
   *
   * @return {@link #json()}
   */
  @Override
  public String toString() {
    return json;
  }
}
