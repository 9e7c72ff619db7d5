package org.dvbcss.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Inputs for fuzzing the JSON decoders: random text, JSON trees that may break JSON's own rules
 * (duplicate keys, invalid numbers, raw control characters, lone surrogates), structural mutations
 * of valid messages, and documents made from a small grammar with the decoders' vocabulary.
 *
 * <p>Every method takes the {@link Random} to use, so a case reproduces from its seed.
 */
public final class JsonFuzz {
  private JsonFuzz() {}

  // ---------------------------------------------------------------- the tree

  /** A JSON value as written; unlike a parser's tree it may hold what JSON forbids. */
  public sealed interface J permits Obj, Arr, Str, Raw {}

  /**
   * An object; its members are a list, so a name may repeat.
   *
   * @param members the members, mutable
   */
  public record Obj(List<Member> members) implements J {}

  /**
   * A member of an object.
   *
   * @param name the name
   * @param value the value
   */
  public record Member(String name, J value) {}

  /**
   * An array.
   *
   * @param items the items, mutable
   */
  public record Arr(List<J> items) implements J {}

  /**
   * A string.
   *
   * @param value the characters, any UTF-16 units
   * @param raw write the characters between the quotes as they are, escaping nothing
   */
  public record Str(String value, boolean raw) implements J {}

  /**
   * Text written as it is: a number, {@code true}, {@code null}, or anything else.
   *
   * @param text the text
   */
  public record Raw(String text) implements J {}

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build();

  /**
   * The tree of valid JSON text.
   *
   * @param json valid JSON
   * @return its tree
   */
  public static J tree(String json) {
    return tree(MAPPER.readTree(json));
  }

  private static J tree(JsonNode n) {
    if (n.isObject()) {
      List<Member> m = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        m.add(new Member(e.getKey(), tree(e.getValue())));
      }
      return new Obj(m);
    }
    if (n.isArray()) {
      List<J> items = new ArrayList<>();
      for (JsonNode c : n) {
        items.add(tree(c));
      }
      return new Arr(items);
    }
    if (n.isString()) {
      return new Str(n.stringValue(), false);
    }
    return new Raw(n.toString());
  }

  private static J copy(J j) {
    if (j instanceof Obj o) {
      List<Member> m = new ArrayList<>();
      for (Member e : o.members()) {
        m.add(new Member(e.name(), copy(e.value())));
      }
      return new Obj(m);
    }
    if (j instanceof Arr a) {
      List<J> items = new ArrayList<>();
      for (J c : a.items()) {
        items.add(copy(c));
      }
      return new Arr(items);
    }
    return j;
  }

  // ---------------------------------------------------------------- writing

  /**
   * Writes a tree compactly, escaping what JSON requires in strings that are not raw.
   *
   * @param j the tree
   * @param r chooses, per document, whether to escape all non-ASCII and whether to add spaces
   * @return the text
   */
  public static String write(J j, Random r) {
    StringBuilder b = new StringBuilder();
    write(b, j, r.nextInt(4) == 0, r.nextInt(4) == 0 ? " \n\t\r".charAt(r.nextInt(4)) : 0);
    return b.toString();
  }

  private static void write(StringBuilder b, J j, boolean asciiOnly, char space) {
    if (j instanceof Obj o) {
      b.append('{');
      boolean first = true;
      for (Member m : o.members()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        space(b, space);
        string(b, m.name(), false, asciiOnly);
        b.append(':');
        space(b, space);
        write(b, m.value(), asciiOnly, space);
      }
      b.append('}');
    } else if (j instanceof Arr a) {
      b.append('[');
      for (int i = 0; i < a.items().size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        space(b, space);
        write(b, a.items().get(i), asciiOnly, space);
      }
      b.append(']');
    } else if (j instanceof Str s) {
      string(b, s.value(), s.raw(), asciiOnly);
    } else {
      b.append(((Raw) j).text());
    }
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private static void space(StringBuilder b, char space) {
    if (space != 0) {
      b.append(space);
    }
  }

  private static void string(StringBuilder b, String s, boolean raw, boolean asciiOnly) {
    b.append('"');
    if (raw) {
      b.append(s);
    } else {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '"' || c == '\\') {
          b.append('\\').append(c);
        } else if (c < 0x20 || (asciiOnly && c > 0x7e)) {
          b.append("\\u").append(HEX[c >>> 12]).append(HEX[(c >>> 8) & 15]);
          b.append(HEX[(c >>> 4) & 15]).append(HEX[c & 15]);
        } else {
          b.append(c);
        }
      }
    }
    b.append('"');
  }

  // ---------------------------------------------------------------- values

  /** Number texts at the edges: of long, of double, of BigDecimal, and of JSON's grammar. */
  static final String[] EDGE_NUMBERS = {
    "0",
    "-0",
    "0.0",
    "-0.0",
    "1",
    "-1",
    "1.0",
    "1.5",
    "-2.5",
    "1e2",
    "1E+2",
    "1e-2",
    "2.5e-3",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "18446744073709551616",
    "1e308",
    "1.7976931348623157e308",
    "1.8e308",
    "-1.8e308",
    "4.9e-324",
    "2e-324",
    "1e400",
    "1e-400",
    "1e999999999",
    "-1e999999999",
    "1e-999999999",
    "1e2147483648",
    "1e-2147483649",
    "123456789012345678901234567890e-999999990",
    "0.1000000000000000055511151231257827021181583404541015625",
    // not JSON numbers: the parser must reject them
    "01",
    "+1",
    ".5",
    "5.",
    "1e",
    "1e+",
    "-",
    "0x10",
    "1_000",
    "NaN",
    "-NaN",
    "Infinity",
    "-Infinity",
    "1.0.0",
    "--1",
  };

  /** A number's text: an edge value, a random one, or many digits (at and over the limit). */
  static String number(Random r) {
    switch (r.nextInt(6)) {
      case 0:
      case 1:
        return EDGE_NUMBERS[r.nextInt(EDGE_NUMBERS.length)];
      case 2:
        return Long.toString(r.nextLong());
      case 3:
        return Double.toString(Double.longBitsToDouble(r.nextLong()));
      case 4:
        return Integer.toString(r.nextInt(100) - 50);
      default:
        {
          int n = r.nextBoolean() ? 1 + r.nextInt(300) : 250 + r.nextInt(12);
          StringBuilder b = new StringBuilder(r.nextBoolean() ? "-" : "");
          b.append((char) ('1' + r.nextInt(9)));
          for (int i = 1; i < n; i++) {
            b.append((char) ('0' + r.nextInt(10)));
          }
          if (r.nextBoolean()) {
            b.insert(b.length() / 2, '.');
          }
          if (r.nextBoolean()) {
            b.append('e').append(r.nextInt(2000) - 1000);
          }
          return b.toString();
        }
    }
  }

  /** A string of characters JSON and Unicode treat specially. */
  static String oddString(Random r) {
    StringBuilder b = new StringBuilder();
    int n = 1 + r.nextInt(12);
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(10)) {
        case 0 -> b.append((char) (0xD800 + r.nextInt(0x400))); // lone high surrogate
        case 1 -> b.append((char) (0xDC00 + r.nextInt(0x400))); // lone low surrogate
        case 2 -> b.append((char) r.nextInt(0x20)); // control
        case 3 -> b.append('\u0000');
        case 4 -> b.append("\uFEFF\uFFFE\uFFFF\u2028\u2029\u007f\u0085".charAt(r.nextInt(7)));
        case 5 -> b.appendCodePoint(0x1F600 + r.nextInt(80));
        case 6 -> b.append("\"\\/'`{}[]:,".charAt(r.nextInt(11)));
        case 7 -> b.append((char) r.nextInt(0x10000));
        default -> b.append((char) ('a' + r.nextInt(26)));
      }
    }
    return b.toString();
  }

  /** A long string: mostly up to a few thousand characters, sometimes at or over the limits. */
  static String longString(Random r) {
    int[] lengths = {65_535, 65_536, 65_537, 300_000, 1_100_000};
    int n = r.nextInt(8) > 0 ? 100 + r.nextInt(5000) : lengths[r.nextInt(r.nextInt(8) > 0 ? 3 : 5)];
    char c = r.nextBoolean() ? 'x' : (char) (0xA0 + r.nextInt(0x700));
    return String.valueOf(c).repeat(n);
  }

  private static J scalar(Random r) {
    switch (r.nextInt(6)) {
      case 0:
        return new Raw("null");
      case 1:
        return new Raw(r.nextBoolean() ? "true" : "false");
      case 2:
        return new Raw(number(r));
      case 3:
        return new Str(oddString(r), r.nextInt(4) == 0);
      default:
        return new Str(r.nextBoolean() ? "" : Integer.toString(r.nextInt(1000)), false);
    }
  }

  // ---------------------------------------------------------------- structural mutation

  /** Where a value sits: in an object member or an array slot, so it can be replaced. */
  private record Slot(J container, int index) {
    J get() {
      return container instanceof Obj o
          ? o.members().get(index).value()
          : ((Arr) container).items().get(index);
    }

    void set(J v) {
      if (container instanceof Obj o) {
        o.members().set(index, new Member(o.members().get(index).name(), v));
      } else {
        ((Arr) container).items().set(index, v);
      }
    }
  }

  private static void slots(J container, List<Slot> out) {
    if (container instanceof Obj o) {
      for (int i = 0; i < o.members().size(); i++) {
        out.add(new Slot(o, i));
        slots(o.members().get(i).value(), out);
      }
    } else if (container instanceof Arr a) {
      for (int i = 0; i < a.items().size(); i++) {
        out.add(new Slot(a, i));
        slots(a.items().get(i), out);
      }
    }
  }

  /**
   * Mutates the structure of a valid message one to three times, writes it, and sometimes damages
   * the text: swaps a value's type, nulls it, puts in an edge number, a number as a string or a
   * string as a number, a very long or odd string, nests it deeply, duplicates, drops or adds a
   * member, grows or empties an array, copies another part of the tree over it; then may cut the
   * text short or add bytes around it.
   *
   * @param r the source of randomness
   * @param json a valid message
   * @param names member names to add, e.g. the message's own and its neighbours'
   * @return the mutated text
   */
  public static String mutateStructure(Random r, String json, List<String> names) {
    Arr holder = new Arr(new ArrayList<>(List.of(tree(json))));
    int ops = 1 + r.nextInt(3);
    for (int op = 0; op < ops && !holder.items().isEmpty(); op++) {
      List<Slot> all = new ArrayList<>();
      all.add(new Slot(holder, 0));
      slots(holder.items().get(0), all);
      Slot s = all.get(r.nextInt(all.size()));
      J v = s.get();
      switch (r.nextInt(14)) {
        case 0 -> s.set(new Raw("null"));
        case 1 -> s.set(otherType(r, v));
        case 2 -> s.set(swapNumberAndString(v));
        case 3 -> s.set(new Raw(number(r)));
        case 4 -> s.set(new Str(longString(r), false));
        case 5 -> s.set(new Str(oddString(r), r.nextInt(3) == 0));
        case 6 -> s.set(nest(r, v));
        case 7 -> duplicateMember(r, s);
        case 8 -> removeFromContainer(s);
        case 9 -> addMember(r, v, names);
        case 10 -> growOrEmpty(r, v);
        case 11 -> s.set(copy(all.get(r.nextInt(all.size())).get()));
        case 12 -> renameMember(r, s);
        default -> s.set(scalar(r));
      }
    }
    // no value at all if the root was removed; two values if it was duplicated
    StringBuilder text = new StringBuilder();
    for (J root : holder.items()) {
      text.append(text.length() > 0 ? " " : "").append(write(root, r));
    }
    return damageText(r, text.toString());
  }

  private static J otherType(Random r, J v) {
    List<J> options = new ArrayList<>();
    if (!(v instanceof Obj)) {
      options.add(new Obj(new ArrayList<>()));
    }
    if (!(v instanceof Arr)) {
      options.add(new Arr(new ArrayList<>(List.of(v))));
      options.add(new Arr(new ArrayList<>()));
    }
    if (!(v instanceof Str)) {
      options.add(new Str("x", false));
    }
    options.add(new Raw(r.nextBoolean() ? "true" : "false"));
    options.add(new Raw(number(r)));
    return options.get(r.nextInt(options.size()));
  }

  private static J swapNumberAndString(J v) {
    if (v instanceof Raw raw) {
      return new Str(raw.text(), false);
    }
    if (v instanceof Str s) {
      return new Raw(s.value().isEmpty() ? "\"\"" : s.value());
    }
    return new Str(write(v, new Random(0)), false);
  }

  private static J nest(Random r, J v) {
    int[] depths = {1, 2, 58, 59, 60, 61, 62, 63, 64, 65, 1000, 100_000};
    int depth = depths[r.nextInt(r.nextInt(4) > 0 ? 10 : depths.length)];
    boolean objects = r.nextBoolean();
    String open = objects ? "{\"a\":" : "[";
    String close = objects ? "}" : "]";
    return new Raw(open.repeat(depth) + write(v, r) + close.repeat(depth));
  }

  private static void duplicateMember(Random r, Slot s) {
    if (s.container() instanceof Obj o) {
      Member m = o.members().get(s.index());
      J value = r.nextBoolean() ? copy(m.value()) : scalar(r);
      o.members().add(r.nextInt(o.members().size() + 1), new Member(m.name(), value));
    } else {
      Arr a = (Arr) s.container();
      a.items().add(s.index(), copy(s.get()));
    }
  }

  private static void removeFromContainer(Slot s) {
    if (s.container() instanceof Obj o) {
      o.members().remove(s.index());
    } else {
      ((Arr) s.container()).items().remove(s.index());
    }
  }

  private static void addMember(Random r, J v, List<String> names) {
    if (v instanceof Obj o) {
      String name =
          switch (r.nextInt(5)) {
            case 0 -> oddString(r);
            case 1 -> "k".repeat(r.nextBoolean() ? 1024 : 1025);
            default -> names.get(r.nextInt(names.size()));
          };
      o.members().add(r.nextInt(o.members().size() + 1), new Member(name, scalar(r)));
    } else if (v instanceof Arr a) {
      a.items().add(r.nextInt(a.items().size() + 1), scalar(r));
    }
  }

  private static void growOrEmpty(Random r, J v) {
    if (v instanceof Arr a) {
      if (r.nextBoolean() || a.items().isEmpty()) {
        a.items().clear();
      } else {
        J item = a.items().get(r.nextInt(a.items().size()));
        int n = 1 + r.nextInt(r.nextBoolean() ? 10 : 2000);
        n = Math.min(n, 1 + 200_000 / (1 + write(item, new Random(0)).length()));
        for (int i = 0; i < n; i++) {
          a.items().add(copy(item));
        }
      }
    } else if (v instanceof Obj o) {
      o.members().clear();
    }
  }

  private static void renameMember(Random r, Slot s) {
    if (s.container() instanceof Obj o) {
      Member m = o.members().get(s.index());
      String name = m.name();
      String renamed =
          switch (r.nextInt(4)) {
            case 0 -> name.toUpperCase(java.util.Locale.ROOT);
            case 1 -> name + " ";
            case 2 -> name.isEmpty() ? "x" : name.substring(1);
            default -> name + "\u0000";
          };
      o.members().set(s.index(), new Member(renamed, m.value()));
    }
  }

  /** Sometimes cuts the text short, or adds a byte order mark, garbage or a second value. */
  private static String damageText(Random r, String text) {
    switch (r.nextInt(12)) {
      case 0:
        return text.substring(0, r.nextInt(text.length() + 1));
      case 1:
        return "\uFEFF" + text;
      case 2:
        return text
            + new String[] {",", "}", "]", " {}", "x", "\u0000", "\n", "/*c*/"}[r.nextInt(8)];
      case 3:
        return new String[] {" ", "[", "{", "\"", "//c\n"}[r.nextInt(5)] + text;
      default:
        return text;
    }
  }

  // ---------------------------------------------------------------- grammar

  /**
   * The vocabulary of a message kind, for documents made from a grammar: JSON of any shape, whose
   * member names and values are mostly the message's own, so that many documents get deep into the
   * decoder and some decode.
   *
   * @param topNames names of the top-level object's members
   * @param names names of nested objects' members
   * @param values for a name, JSON texts of valid values
   * @param nearValues for a name, JSON texts of values that are nearly valid
   * @param objectNames names whose value is usually an object
   * @param arrayNames names whose value is usually an array of objects
   */
  public record Grammar(
      List<String> topNames,
      List<String> names,
      Map<String, List<String>> values,
      Map<String, List<String>> nearValues,
      Set<String> objectNames,
      Set<String> arrayNames) {}

  /**
   * A document from a grammar: usually an object with some of the top-level names.
   *
   * @param r the source of randomness
   * @param g the vocabulary
   * @return the JSON text (now and then damaged, like a structural mutation's)
   */
  public static String fromGrammar(Random r, Grammar g) {
    J doc = r.nextInt(10) == 0 ? any(r, g, 3) : object(r, g, g.topNames(), 4);
    String text = write(doc, r);
    return r.nextInt(3) == 0 ? damageText(r, text) : text;
  }

  private static Obj object(Random r, Grammar g, List<String> names, int depth) {
    List<Member> members = new ArrayList<>();
    double p = 0.5 + 0.5 * r.nextDouble();
    for (String name : names) {
      if (r.nextDouble() < p) {
        members.add(new Member(name, valueFor(r, g, name, depth - 1)));
      }
    }
    if (r.nextInt(6) == 0) {
      members.add(
          r.nextInt(members.size() + 1),
          new Member(g.names().get(r.nextInt(g.names().size())), any(r, g, depth - 1)));
    }
    return new Obj(members);
  }

  private static J valueFor(Random r, Grammar g, String name, int depth) {
    if (depth > 0 && r.nextInt(5) > 0) {
      if (g.objectNames().contains(name)) {
        return object(r, g, g.names(), depth);
      }
      if (g.arrayNames().contains(name)) {
        List<J> items = new ArrayList<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          items.add(r.nextInt(8) == 0 ? any(r, g, depth - 1) : object(r, g, g.names(), depth - 1));
        }
        return new Arr(items);
      }
    }
    List<String> known = r.nextInt(4) > 0 ? g.values().get(name) : g.nearValues().get(name);
    if (known != null && r.nextInt(8) > 0) {
      return new Raw(known.get(r.nextInt(known.size())));
    }
    return any(r, g, depth);
  }

  private static J any(Random r, Grammar g, int depth) {
    switch (depth > 0 ? r.nextInt(8) : r.nextInt(6)) {
      case 0:
      case 1:
      case 2:
      case 3:
      case 4:
        return scalar(r);
      case 5:
        return new Str(g.names().get(r.nextInt(g.names().size())), false);
      case 6:
        return object(r, g, g.names(), depth - 1);
      default:
        {
          List<J> items = new ArrayList<>();
          int n = r.nextInt(4);
          for (int i = 0; i < n; i++) {
            items.add(any(r, g, depth - 1));
          }
          return new Arr(items);
        }
    }
  }

  // ---------------------------------------------------------------- random text

  /**
   * Random text: UTF-16 units drawn uniformly (lone surrogates included), random bytes read as
   * UTF-8, or characters from JSON's alphabet.
   *
   * @param r the source of randomness
   * @return the text
   */
  public static String randomText(Random r) {
    int n = r.nextInt(10) == 0 ? r.nextInt(5000) : r.nextInt(100);
    switch (r.nextInt(3)) {
      case 0:
        {
          StringBuilder b = new StringBuilder(n);
          for (int i = 0; i < n; i++) {
            b.append((char) r.nextInt(0x10000));
          }
          return b.toString();
        }
      case 1:
        {
          byte[] bytes = new byte[n];
          r.nextBytes(bytes);
          return new String(bytes, StandardCharsets.UTF_8);
        }
      default:
        {
          String pool = "{}[]\":,. 0123456789-+eE truefalsnl\\/\tu\u00e9\ud83d\ude00";
          StringBuilder b = new StringBuilder(n + 1);
          if (r.nextBoolean()) {
            b.append('{');
          }
          for (int i = 0; i < n; i++) {
            b.append(pool.charAt(r.nextInt(pool.length())));
          }
          return b.toString();
        }
    }
  }
}
