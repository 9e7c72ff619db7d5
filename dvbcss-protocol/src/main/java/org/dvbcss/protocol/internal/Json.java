package org.dvbcss.protocol.internal;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.dvbcss.protocol.PrivateData;
import org.dvbcss.protocol.ProtocolException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON reading and writing shared by the CSS-CII and CSS-TS codecs: one configured mapper and
 * helpers that turn wrong shapes into {@link ProtocolException}s naming the field and the value.
 *
 * <p>Parsing is strict: duplicate keys and trailing content are rejected; numbers are kept exactly
 * (big integers and decimals), so private data passes through unchanged in value.
 *
 * <p>Parsing is also bounded, so that a hostile or broken peer cannot make a decoder work or
 * allocate without limit. A document over any of these limits fails at once with a {@link
 * ProtocolException} saying which limit ({@code "CII message: over a limit: ..."}):
 *
 * <ul>
 *   <li>{@value #MAX_DOCUMENT_CHARS} characters in the whole document (1 MiB), checked before
 *       parsing starts. The WebSocket transports already cut messages at 64 KiB by default; this is
 *       the codec's own backstop for callers with a larger transport limit or none.
 *   <li>nesting depth {@value #MAX_DEPTH}: a CSS message needs at most 5 levels (CII message,
 *       {@code timelines}, a timeline, its {@code private}, one private item); the rest is left for
 *       the members of private data.
 *   <li>{@value #MAX_STRING_CHARS} characters in one string value: URLs, content ids and private
 *       strings are far shorter, and a longer one would not fit the default transport limit.
 *   <li>{@value #MAX_NAME_CHARS} characters in one member name: CSS names are under 30.
 *   <li>{@value #MAX_NUMBER_DIGITS} digits in one number (integer, fraction and exponent digits;
 *       signs, point and {@code e} not counted): a 64-bit integer needs 19, the shortest exact form
 *       of a double 20; the rest is room for private data and verbose writers.
 *   <li>{@value #MAX_TOKENS} tokens (values, names, brackets) in the document: a CII message with a
 *       hundred timelines has about 2,000.
 * </ul>
 *
 * <p>Stateless; thread safe.
 */
public final class Json {

  /** Values quoted in error messages are cut to this many characters. */
  static final int MAX_QUOTE = 80;

  /** The most characters a document may have (UTF-16 units of the decoded text): 1 MiB. */
  public static final int MAX_DOCUMENT_CHARS = 1 << 20;

  /** The deepest nesting of arrays and objects; the outermost object is depth 1. */
  public static final int MAX_DEPTH = 64;

  /** The most characters in one string value. */
  public static final int MAX_STRING_CHARS = 1 << 16;

  /** The most characters in one member name. */
  public static final int MAX_NAME_CHARS = 1024;

  /** The most digits in one number: integer, fraction and exponent digits together. */
  public static final int MAX_NUMBER_DIGITS = 256;

  /** The most tokens in one document. */
  public static final long MAX_TOKENS = 100_000;

  private static final StreamReadConstraints LIMITS =
      StreamReadConstraints.builder()
          .maxDocumentLength(MAX_DOCUMENT_CHARS)
          .maxNestingDepth(MAX_DEPTH)
          .maxStringLength(MAX_STRING_CHARS)
          .maxNameLength(MAX_NAME_CHARS)
          .maxNumberLength(MAX_NUMBER_DIGITS)
          .maxTokenCount(MAX_TOKENS)
          .build();

  private static final JsonMapper MAPPER =
      JsonMapper.builder(JsonFactory.builder().streamReadConstraints(LIMITS).build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build();

  private Json() {}

  /**
   * Parses one JSON value.
   *
   * @param text the JSON text
   * @param what the message name for errors, e.g. {@code "CII message"}
   * @return the tree
   * @throws ProtocolException if the text is not exactly one JSON value, or is over one of the
   *     limits in the class description
   */
  public static JsonNode parse(String text, String what) {
    if (text.length() > MAX_DOCUMENT_CHARS) {
      throw new ProtocolException(
          what
              + ": over a limit: Document length ("
              + text.length()
              + ") exceeds the maximum allowed ("
              + MAX_DOCUMENT_CHARS
              + ")");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (StreamConstraintsException e) {
      throw new ProtocolException(what + ": over a limit: " + limitMessage(e), e);
    } catch (JacksonException e) {
      throw new ProtocolException(what + ": not valid JSON: " + e.getOriginalMessage(), e);
    } catch (NumberFormatException | ArithmeticException e) {
      // Jackson lets these out for numbers beyond BigDecimal's limits, e.g. 1e999999999999
      throw new ProtocolException(what + ": not valid JSON: " + e.getMessage(), e);
    }
    if (node == null || node.isMissingNode()) {
      throw new ProtocolException(what + ": not valid JSON: no value");
    }
    return node;
  }

  /**
   * Jackson's message without its pointer to its own API, e.g. "Name length (1025) exceeds ...".
   */
  private static String limitMessage(StreamConstraintsException e) {
    String m = e.getOriginalMessage();
    int api = m.indexOf(", from `");
    return api < 0 ? m : m.substring(0, api) + ")";
  }

  /**
   * Writes one JSON value compactly.
   *
   * @param body writes the value to the generator
   * @return the JSON text
   */
  public static String write(Consumer<JsonGenerator> body) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = MAPPER.createGenerator(out)) {
      body.accept(g);
    }
    return out.toString();
  }

  /**
   * A JSON value as quoted in error messages: its compact JSON text, cut to a readable length.
   *
   * @param node the value
   * @return e.g. {@code "\"done\""}, {@code "5"}, {@code "[1,2]"}
   */
  public static String quote(JsonNode node) {
    return cut(node.toString());
  }

  /**
   * A string as quoted in error messages: in JSON form, cut to a readable length.
   *
   * @param s the string
   * @return the quoted form
   */
  public static String quote(String s) {
    return cut(write(g -> g.writeString(s)));
  }

  private static String cut(String s) {
    return s.length() <= MAX_QUOTE ? s : s.substring(0, MAX_QUOTE) + "...";
  }

  /**
   * Decodes private data: a JSON array of objects, each with a string {@code type}.
   *
   * @param node the value of the property
   * @param field the field path for errors, e.g. {@code "CII message: timelines[0].private"}
   * @return the immutable list
   * @throws ProtocolException if the shape is wrong
   */
  public static List<PrivateData> decodePrivate(JsonNode node, String field) {
    if (!node.isArray()) {
      throw new ProtocolException(field + " must be an array, was " + quote(node));
    }
    List<PrivateData> out = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      out.add(decodePrivateItem(node.get(i), field + "[" + i + "]"));
    }
    return List.copyOf(out);
  }

  private static PrivateData decodePrivateItem(JsonNode item, String field) {
    if (!item.isObject()) {
      throw new ProtocolException(field + " must be an object, was " + quote(item));
    }
    @Nullable JsonNode type = item.get("type");
    if (type == null) {
      throw new ProtocolException(field + ".type is missing");
    }
    if (!type.isString()) {
      throw new ProtocolException(field + ".type must be a string, was " + quote(type));
    }
    // the node is already checked: making the item does not parse it again (which, for many small
    // items, multiplied the allocation per input character tenfold)
    return PrivateData.of(item);
  }

  /**
   * Writes private data as a JSON array.
   *
   * @param g the generator, positioned for a value
   * @param items the private data
   */
  public static void writePrivate(JsonGenerator g, List<PrivateData> items) {
    g.writeStartArray();
    for (PrivateData p : items) {
      g.writeRawValue(p.json());
    }
    g.writeEndArray();
  }
}
