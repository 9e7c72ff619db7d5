package org.dvbcss.protocol;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

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

  /** Parses the text given to {@link #fromJson}: strict about duplicate keys, numbers exact. */
  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build();

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
    Objects.requireNonNull(json, "json");
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "private data: not valid JSON: " + e.getOriginalMessage(), e);
    }
    return of(node);
  }

  /**
   * Private data from a JSON object already parsed (a Jackson tree node), without parsing it again.
   *
   * @param object a JSON object node with a string member {@code type}
   * @return the item, holding the compact form of the node's text
   * @throws IllegalArgumentException if the node is not such an object
   */
  public static PrivateData of(JsonNode object) {
    Objects.requireNonNull(object, "object");
    if (object.isMissingNode() || !object.isObject()) {
      throw new IllegalArgumentException(
          "private data must be an object, was " + cut(object.toString()));
    }
    @Nullable JsonNode type = object.get("type");
    if (type == null || !type.isString()) {
      throw new IllegalArgumentException(
          "private data must have a string type, was " + cut(object.toString()));
    }
    String text = object.toString();
    String typeValue = type.stringValue();
    if (hasSurrogate(typeValue)) {
      // the compact text writes a lone surrogate as '?': take the type from the text itself, so
      // type() and json() always agree
      try {
        typeValue = MAPPER.readTree(text).get("type").stringValue();
      } catch (JacksonException | NullPointerException e) {
        throw new IllegalArgumentException("private data type cannot be written as JSON", e);
      }
    }
    return new PrivateData(text, typeValue);
  }

  /**
   * Private data with only a type.
   *
   * @param type the type, usually a URI
   * @return {@code {"type":"<type>"}}
   */
  public static PrivateData ofType(String type) {
    Objects.requireNonNull(type, "type");
    return of(JsonNodeFactory.instance.objectNode().put("type", type));
  }

  private static boolean hasSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isSurrogate(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static String cut(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
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
