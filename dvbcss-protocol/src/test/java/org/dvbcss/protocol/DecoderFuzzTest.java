package org.dvbcss.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.dvbcss.protocol.JsonFuzz.Grammar;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.CiiGen;
import org.dvbcss.protocol.ts.AptEptLpt;
import org.dvbcss.protocol.ts.ControlTimestamp;
import org.dvbcss.protocol.ts.SetupData;
import org.dvbcss.protocol.ts.TsGen;
import org.dvbcss.protocol.wc.WallClockServerCore;
import org.dvbcss.protocol.wc.WallClockServerCore.Reply;
import org.dvbcss.protocol.wc.WcGen;
import org.dvbcss.protocol.wc.WcMessage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes every decoder: whatever the input, a decoder returns a value or throws a {@link
 * ProtocolException}, nothing else; a value survives encoding and decoding again unchanged; and a
 * decode allocates at most a fixed multiple of the input's size plus a constant.
 *
 * <p>Each case builds its input from {@code new Random(seed)} with the case's own seed; a failure
 * names the decoder, the kind of input, the seed and the input, and {@link #jsonCase} or {@link
 * #wcCase} with those arguments reproduces it alone.
 *
 * <p>The unit suite runs a few thousand cases per decoder. {@code -Ddvbcss.fuzz.cases=N} runs N
 * cases per JSON decoder and 10 N for CSS-WC; {@code mvn -Pfuzz} sets it to 100,000.
 */
class DecoderFuzzTest {

  /** Cases per JSON decoder, shared among the kinds of input. */
  static final long JSON_CASES = Long.getLong("dvbcss.fuzz.cases", 2_000);

  /** Cases for the CSS-WC decoder and server core, shared among the kinds of input. */
  static final long WC_CASES = Long.getLong("dvbcss.fuzz.cases", 1_200) * 10;

  /** Prints per-batch figures when the case count was chosen on the command line. */
  static final boolean REPORT = System.getProperty("dvbcss.fuzz.cases") != null;

  /**
   * The allocation bound of a JSON decode, bytes per input character. Parsing builds a tree of at
   * most about one node per two characters, each with its boxed value and its slot in the parent
   * (10 to 50 bytes per character); private data is then written out again as its canonical text,
   * and an error message may write the offending value out again. The worst shapes measured are
   * private data made of many short numbers or one-element arrays, about 145 bytes per character
   * (Jackson's canonical writing of each number dominates), so this leaves a margin of 1.75. A
   * decoder that re-reads or copies its input per item or per level goes over it (private data
   * items were parsed twice before: 214 bytes per character).
   */
  static final long JSON_BYTES_PER_CHAR = 256;

  /**
   * The constant part of a JSON decode's allocation: the parser's buffers (a few KiB), the message
   * objects, and an exception with its message and stack trace. The largest measured for inputs
   * under 1,000 characters is about 60 KiB.
   */
  static final long JSON_CONSTANT_BYTES = 128 * 1024;

  /**
   * The allocation bound of a CSS-WC decode or server-core reply, whatever the datagram's length:
   * neither reads past the 32 bytes of a message, so nothing depends on the length. An exception
   * with its stack trace is most of it.
   */
  static final long WC_CONSTANT_BYTES = 16 * 1024;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @BeforeAll
  static void allocationIsMeasurable() {
    assumeTrue(THREADS.isThreadAllocatedMemorySupported(), "no per-thread allocation counter");
    THREADS.setThreadAllocatedMemoryEnabled(true);
  }

  private static long allocated() {
    return THREADS.getCurrentThreadAllocatedBytes();
  }

  // ---------------------------------------------------------------- JSON decoders

  /** A JSON decoder under test, with its encoder, a valid message and its vocabulary. */
  enum JsonDecoder {
    CII(
        "CII message: ",
        Cii::decode,
        v -> ((Cii) v).encode(),
        r -> new CiiGen(r, r.nextBoolean()).cii().encode(),
        CII_GRAMMAR),
    SETUP_DATA(
        "CSS-TS setup data: ",
        SetupData::decode,
        v -> ((SetupData) v).encode(),
        r -> TsGen.setupData(r, r.nextBoolean()).encode(),
        new Grammar(
            List.of("contentIdStem", "timelineSelector", "private"),
            List.of("type", "contentIdStem", "timelineSelector"),
            Map.of(
                "contentIdStem", List.of("\"\"", "\"dvb://\""),
                "timelineSelector", List.of("\"urn:dvb:css:timeline:pts\"", "\"\""),
                "type", List.of("\"urn:x\"")),
            Map.of(
                "contentIdStem", List.of("null", "1"),
                "timelineSelector", List.of("null", "[]"),
                "type", List.of("1", "null")),
            Set.of(),
            Set.of("private"))),
    CONTROL_TIMESTAMP(
        "CSS-TS control timestamp: ",
        ControlTimestamp::decode,
        v -> ((ControlTimestamp) v).encode(),
        TsGen::controlTimestamp,
        ControlTimestamp::encode),
    TIMESTAMPS(
        "CSS-TS timestamps: ",
        AptEptLpt::decode,
        v -> ((AptEptLpt) v).encode(),
        TsGen::aptEptLpt,
        AptEptLpt::encode),
    /** The CII decoder reading tolerantly, from messages with deviations. */
    CII_TOLERANT(
        "CII message: ",
        s -> Cii.decode(s, ReadMode.TOLERANT).value(),
        v -> ((Cii) v).encode(),
        r -> DeviationGen.cii(r, new CiiGen(r, r.nextBoolean()).cii(), 0.7).json(),
        CII_TOLERANT_GRAMMAR),
    /** The control timestamp decoder reading tolerantly, from messages with deviations. */
    CONTROL_TIMESTAMP_TOLERANT(
        "CSS-TS control timestamp: ",
        s -> ControlTimestamp.decode(s, ReadMode.TOLERANT, NOW).value(),
        v -> ((ControlTimestamp) v).encode(),
        r -> DeviationGen.controlTimestamp(r, TsGen.controlTimestamp(r), 0.7).json(),
        TS_TOLERANT_GRAMMAR);

    final String prefix;
    final Function<String, Object> decode;
    final Function<Object, String> encode;
    final Function<Random, String> valid;
    final Grammar grammar;

    JsonDecoder(
        String prefix,
        Function<String, Object> decode,
        Function<Object, String> encode,
        Function<Random, String> valid,
        Grammar grammar) {
      this.prefix = prefix;
      this.decode = decode;
      this.encode = encode;
      this.valid = valid;
      this.grammar = grammar;
    }

    /**
     * The same decoder reading tolerantly and reporting its deviations, or null for a strict one.
     */
    @Nullable Function<String, Decoded<?>> tolerant() {
      switch (this) {
        case CII_TOLERANT:
          return s -> Cii.decode(s, ReadMode.TOLERANT);
        case CONTROL_TIMESTAMP_TOLERANT:
          return s -> ControlTimestamp.decode(s, ReadMode.TOLERANT, NOW);
        default:
          return null;
      }
    }

    /** The strict decoder of the same messages, for a tolerant one. */
    JsonDecoder strict() {
      switch (this) {
        case CII_TOLERANT:
          return CII;
        case CONTROL_TIMESTAMP_TOLERANT:
          return CONTROL_TIMESTAMP;
        default:
          return this;
      }
    }

    <T> JsonDecoder(
        String prefix,
        Function<String, Object> decode,
        Function<Object, String> encode,
        Function<Random, T> valid,
        Function<T, String> encodeValid) {
      this(prefix, decode, encode, valid.andThen(encodeValid), TS_GRAMMAR);
    }
  }

  /** The receiver's wall clock time for the tolerant control timestamp decoder. */
  static final long NOW = 1_234_567_890_123L;

  /** The vocabulary of CII messages. */
  static final Grammar CII_GRAMMAR =
      new Grammar(
          List.of(
              "protocolVersion",
              "mrsUrl",
              "contentId",
              "contentIdStatus",
              "presentationStatus",
              "wcUrl",
              "tsUrl",
              "teUrl",
              "timelines",
              "private"),
          List.of(
              "timelineSelector",
              "timelineProperties",
              "unitsPerTick",
              "unitsPerSecond",
              "accuracy",
              "private",
              "type"),
          Map.ofEntries(
              Map.entry("protocolVersion", List.of("\"1.1\"", "null")),
              Map.entry("contentIdStatus", List.of("\"partial\"", "\"final\"", "null")),
              Map.entry("presentationStatus", List.of("\"okay\"", "\"okay x\"", "null")),
              Map.entry("contentId", List.of("\"dvb://1.2.3\"", "\"\"", "null")),
              Map.entry("wcUrl", List.of("\"udp://h:6677\"", "null")),
              Map.entry("unitsPerTick", List.of("1", "9223372036854775807")),
              Map.entry("unitsPerSecond", List.of("90000", "1000")),
              Map.entry("accuracy", List.of("0", "0.5", "1e308")),
              Map.entry("timelineSelector", List.of("\"urn:dvb:css:timeline:pts\"")),
              Map.entry("type", List.of("\"urn:x\""))),
          Map.ofEntries(
              Map.entry("protocolVersion", List.of("\"1.0\"", "1.1")),
              Map.entry("contentIdStatus", List.of("\"done\"", "\"Final\"")),
              Map.entry("presentationStatus", List.of("\"okay  x\"", "\" okay\"", "\"\"")),
              Map.entry("contentId", List.of("5", "[]")),
              Map.entry("unitsPerTick", List.of("0", "-1", "9223372036854775808", "1.0", "1e0")),
              Map.entry("unitsPerSecond", List.of("\"1000\"", "null")),
              Map.entry("accuracy", List.of("-0.5", "1e400", "\"1\"", "null")),
              Map.entry("timelineSelector", List.of("1", "null")),
              Map.entry("type", List.of("1", "null"))),
          Set.of("timelineProperties"),
          Set.of("timelines", "private"));

  /**
   * The vocabulary of CII messages with the deviations tolerant reading accepts, and near misses.
   */
  static final Grammar CII_TOLERANT_GRAMMAR =
      extend(
          CII_GRAMMAR,
          List.of("msrUrl", "x-vendor"),
          Map.of(
              "presentationStatus", List.of("[\"okay\"]", "[\"transitioning\",\"x\"]"),
              "teUrl", List.of("5", "\"ws://h/te\"", "null"),
              "mrsUrl", List.of("[]", "null"),
              "accuracy", List.of("-1", "\"0.1\"")),
          Map.of(
              "presentationStatus",
              List.of("[]", "[1]", "[\"okay x\"]", "[\"\"]", "[null]", "[[\"okay\"]]"),
              "unitsPerTick",
              List.of("\"1\"", "1.5")));

  /**
   * A grammar with more top-level names and more values; the values of a name are added to its own.
   */
  static Grammar extend(
      Grammar g,
      List<String> topNames,
      Map<String, List<String>> values,
      Map<String, List<String>> nearValues) {
    return new Grammar(
        Stream.concat(g.topNames().stream(), topNames.stream()).toList(),
        g.names(),
        merge(g.values(), values),
        merge(g.nearValues(), nearValues),
        g.objectNames(),
        g.arrayNames());
  }

  private static Map<String, List<String>> merge(
      Map<String, List<String>> a, Map<String, List<String>> b) {
    Map<String, List<String>> out = new java.util.HashMap<>(a);
    b.forEach((k, v) -> out.merge(k, v, (x, y) -> Stream.concat(x.stream(), y.stream()).toList()));
    return Map.copyOf(out);
  }

  private static final List<String> TS_INTEGERS =
      List.of(
          "\"0\"",
          "\"-5\"",
          "\"42\"",
          "\"123456789\"",
          "\"9223372036854775807\"",
          "\"-9223372036854775808\"");

  private static final List<String> TS_NEAR_INTEGERS =
      List.of(
          "\"9223372036854775808\"",
          "\"-0\"",
          "\"05\"",
          "\"+5\"",
          "\"1.0\"",
          "\" 1\"",
          "5",
          "null");

  /** The vocabulary of control timestamps and timing reports together. */
  static final Grammar TS_GRAMMAR =
      new Grammar(
          List.of(
              "contentTime",
              "wallClockTime",
              "timelineSpeedMultiplier",
              "actual",
              "earliest",
              "latest"),
          List.of("contentTime", "wallClockTime"),
          Map.of(
              "contentTime",
              Stream.concat(TS_INTEGERS.stream(), Stream.of("null")).toList(),
              "wallClockTime",
              Stream.concat(
                      TS_INTEGERS.stream(), Stream.of("\"minusinfinity\"", "\"plusinfinity\""))
                  .toList(),
              "timelineSpeedMultiplier",
              List.of("1", "0", "-0.0", "1.5", "-2", "1e308", "4.9e-324", "null")),
          Map.of(
              "contentTime",
              TS_NEAR_INTEGERS,
              "wallClockTime",
              Stream.concat(TS_NEAR_INTEGERS.stream(), Stream.of("\"infinity\"", "\"-inf\""))
                  .toList(),
              "timelineSpeedMultiplier",
              List.of("1e309", "-1e400", "\"1\"", "true", "[]")),
          Set.of("actual", "earliest", "latest"),
          Set.of());

  /** Integers as JSON numbers: exact ones, and ones that stay errors. */
  private static final List<String> TS_NUMBERS =
      List.of(
          "924956",
          "-5",
          "0",
          "-0",
          "9.24956e5",
          "924956.0",
          "924956000E-3",
          "9007199254740991",
          "-9007199254740991");

  private static final List<String> TS_NEAR_NUMBERS =
      List.of(
          "9007199254740992",
          "-9007199254740993",
          "924956.5",
          "1e16",
          "1e400",
          "1e-400",
          "0.5",
          "9223372036854775808");

  /** The vocabulary of control timestamps with the deviations tolerant reading accepts. */
  static final Grammar TS_TOLERANT_GRAMMAR =
      extend(
          TS_GRAMMAR,
          List.of(),
          Map.of("contentTime", TS_NUMBERS, "wallClockTime", TS_NUMBERS),
          Map.of("contentTime", TS_NEAR_NUMBERS, "wallClockTime", TS_NEAR_NUMBERS));

  /** How a case makes its input. */
  enum JsonInput {
    /** Random UTF-16 units, random bytes read as UTF-8, or JSON's characters at random. */
    RANDOM_TEXT,
    /** A valid message's UTF-8 bytes, edited (see {@link ByteMutations}) and read back. */
    BYTE_MUTATION,
    /** A valid message's text, edited (see {@link TextMutations}). */
    TEXT_MUTATION,
    /** A valid message's tree, edited (see {@link JsonFuzz#mutateStructure}). */
    STRUCTURAL_MUTATION,
    /** A document from the decoder's grammar (see {@link JsonFuzz#fromGrammar}). */
    GRAMMAR
  }

  /** The input of a JSON case. */
  static String jsonInput(JsonDecoder d, JsonInput kind, long seed) {
    Random r = new Random(seed);
    switch (kind) {
      case RANDOM_TEXT:
        return JsonFuzz.randomText(r);
      case BYTE_MUTATION:
        return new String(
            ByteMutations.mutate(r, d.valid.apply(r).getBytes(StandardCharsets.UTF_8)),
            StandardCharsets.UTF_8);
      case TEXT_MUTATION:
        return TextMutations.mutate(
            r, d.valid.apply(r), "{}[]\":,. 0-19e+\\nulminusplusinfity\u00e9\ud800");
      case STRUCTURAL_MUTATION:
        return JsonFuzz.mutateStructure(
            r,
            d.valid.apply(r),
            Stream.concat(d.grammar.topNames().stream(), d.grammar.names().stream()).toList());
      default:
        return JsonFuzz.fromGrammar(r, d.grammar);
    }
  }

  /** Figures of a batch of cases. */
  static final class Stats {
    long cases;
    long values;
    long rejected;
    long handled;
    long maxAllocated;
    long maxAllocatedInput;
    long maxInput;
    long bytesPerCharOver64k; // the largest allocation per character of inputs over 64 KiB

    void add(long inputSize, long bytes) {
      cases++;
      maxInput = Math.max(maxInput, inputSize);
      if (bytes > maxAllocated) {
        maxAllocated = bytes;
        maxAllocatedInput = inputSize;
      }
      if (inputSize > 65_536) {
        bytesPerCharOver64k = Math.max(bytesPerCharOver64k, bytes / inputSize);
      }
    }

    String summary(String what, long nanos) {
      return String.format(
          "fuzz %-40s %9d cases (%d values, %d rejected) in %6.1f s = %8.0f cases/s;"
              + " largest input %d; largest allocation %d bytes (input %d);"
              + " bytes/char over 64 KiB %d",
          what,
          cases,
          values,
          rejected,
          nanos / 1e9,
          cases / (nanos / 1e9),
          maxInput,
          maxAllocated,
          maxAllocatedInput,
          bytesPerCharOver64k);
    }
  }

  static Stream<Arguments> jsonBatches() {
    return Arrays.stream(JsonDecoder.values())
        .flatMap(d -> Arrays.stream(JsonInput.values()).map(k -> Arguments.of(d, k)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("jsonBatches")
  void jsonDecoderGivesAValueOrAProtocolException(JsonDecoder d, JsonInput kind) {
    Stats stats = new Stats();
    long n = (JSON_CASES + JsonInput.values().length - 1) / JsonInput.values().length;
    long start = System.nanoTime();
    for (long seed = 0; seed < n; seed++) {
      jsonCase(d, kind, seed, stats);
    }
    if (REPORT) {
      System.out.println(stats.summary(d + " " + kind, System.nanoTime() - start));
    }
    assertThat(stats.cases).isEqualTo(n);
    if ((kind == JsonInput.STRUCTURAL_MUTATION || kind == JsonInput.GRAMMAR) && n >= 300) {
      // the generator must reach both outcomes, or oracle (b) or (a) is not exercised
      assertThat(stats.values).as("values decoded").isPositive();
      assertThat(stats.rejected).as("inputs rejected").isPositive();
    }
  }

  /**
   * One JSON case: makes the input from the seed, decodes it, and checks the three oracles.
   *
   * @return the decoded value, or null if the input was rejected
   */
  static @Nullable Object jsonCase(JsonDecoder d, JsonInput kind, long seed, Stats stats) {
    String input = "(not made)";
    try {
      input = jsonInput(d, kind, seed);
      long bound = JSON_BYTES_PER_CHAR * input.length() + JSON_CONSTANT_BYTES;
      long[] bytes = new long[1];
      Object v = decodeMeasured(d, input, bytes);
      if (bytes[0] > bound) {
        // the first decode of a kind of input may load and initialise classes: measure again
        v = decodeMeasured(d, input, bytes);
      }
      stats.add(input.length(), bytes[0]);
      check(bytes[0] <= bound, "allocated %d bytes, over the bound %d", bytes[0], bound);
      if (d.tolerant() != null) {
        checkAgainstStrict(d, input, v);
      }
      if (v instanceof ProtocolException e) {
        check(e.getMessage().startsWith(d.prefix), "message without its prefix: %s", e);
        stats.rejected++;
        return null;
      }
      stats.values++;
      String encoded = d.encode.apply(v);
      Object again = d.decode.apply(encoded);
      check(again.equals(v), "decode(encode(value)) is %s, not %s", again, v);
      check(d.encode.apply(again).equals(encoded), "encode not stable: %s", encoded);
      return v;
    } catch (Throwable t) {
      throw new AssertionError(
          String.format(
              "%s %s seed %d: %s%n  input (%d chars): %s%n  reproduce: jsonCase(%s, %s, %dL, ...)",
              d, kind, seed, t, input.length(), escape(input), d, kind, seed),
          t);
    }
  }

  /**
   * A tolerant decoder accepts all that its strict twin accepts, with the same value and no
   * deviations but those both modes report; and what it reads with any other deviation, its strict
   * twin rejects.
   */
  private static void checkAgainstStrict(JsonDecoder d, String input, Object tolerantOutcome) {
    Object strict;
    try {
      strict = d.strict().decode.apply(input);
    } catch (ProtocolException e) {
      strict = e;
    }
    if (tolerantOutcome instanceof ProtocolException) {
      check(
          strict instanceof ProtocolException, "strict accepts what tolerant rejects: %s", strict);
      return;
    }
    Decoded<?> decoded = d.tolerant().apply(input);
    check(decoded.value().equals(tolerantOutcome), "tolerant decodes differently: %s", decoded);
    boolean onlyBoth =
        decoded.deviations().stream().allMatch(k -> k == Deviation.CII_UNKNOWN_PROPERTY);
    if (strict instanceof ProtocolException) {
      check(!onlyBoth, "strict rejects with no tolerant-only deviation: %s", decoded);
    } else {
      check(strict.equals(tolerantOutcome), "strict gives %s, tolerant %s", strict, decoded);
      check(onlyBoth, "tolerant-only deviations in what strict accepts: %s", decoded);
    }
  }

  /** Decodes, giving the value or the ProtocolException; anything else thrown propagates. */
  private static Object decodeMeasured(JsonDecoder d, String input, long[] bytes) {
    long before = allocated();
    Object out;
    try {
      out = d.decode.apply(input);
    } catch (ProtocolException e) {
      out = e;
    }
    bytes[0] = allocated() - before;
    return out;
  }

  /** The input as a Java string literal's contents, cut to a readable length. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder();
    int n = Math.min(s.length(), 2000);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return "\"" + b + "\"" + (s.length() > n ? "... (cut)" : "");
  }

  // ---------------------------------------------------------------- CSS-WC

  /** How a CSS-WC case makes its datagram. */
  enum WcInput {
    /** Random bytes of a random length, up to the largest UDP payload. */
    RANDOM_BYTES,
    /** 32 random bytes, half of them with version 0 and a type near 0..3. */
    PLAUSIBLE_HEADER,
    /** A valid message's bytes, edited (see {@link ByteMutations}). */
    BYTE_MUTATION
  }

  static byte[] wcInput(WcInput kind, long seed) {
    Random r = new Random(seed);
    switch (kind) {
      case RANDOM_BYTES:
        {
          int size =
              switch (r.nextInt(20)) {
                case 0 -> r.nextInt(4) == 0 ? r.nextInt(65_508) : r.nextInt(1500);
                case 1, 2, 3, 4, 5 -> 32;
                default -> r.nextInt(65);
              };
          byte[] b = new byte[size];
          r.nextBytes(b);
          return b;
        }
      case PLAUSIBLE_HEADER:
        {
          byte[] b = new byte[32];
          r.nextBytes(b);
          if (r.nextBoolean()) {
            b[0] = 0;
            b[1] = (byte) r.nextInt(5);
          }
          return b;
        }
      default:
        return ByteMutations.mutate(r, WcGen.message(r).encode());
    }
  }

  @ParameterizedTest
  @EnumSource(WcInput.class)
  void wcDecoderGivesAValueOrAProtocolExceptionAndTheServerCoreNeverThrows(WcInput kind) {
    ManualTimeSource time = new ManualTimeSource(10_000_000_000L);
    SysClock root = SysClock.builder().timeSource(time).precision(1e-6).build();
    CorrelatedClock wall = new CorrelatedClock(root, 1e9, new Correlation(0, 1_000_000_000_000L));
    WallClockServerCore core = new WallClockServerCore(wall);
    Stats stats = new Stats();
    long n = (WC_CASES + WcInput.values().length - 1) / WcInput.values().length;
    long start = System.nanoTime();
    for (long seed = 0; seed < n; seed++) {
      wcCase(kind, seed, core, wall, stats);
      time.advance(1000);
    }
    if (REPORT) {
      System.out.println(stats.summary("WC " + kind, System.nanoTime() - start));
    }
    long drops = 0;
    for (WallClockServerCore.DropReason reason : WallClockServerCore.DropReason.values()) {
      drops += core.drops(reason);
    }
    assertThat(core.responses() + drops)
        .as("every datagram answered or counted")
        .isEqualTo(stats.handled);
    if (kind != WcInput.RANDOM_BYTES) {
      assertThat(stats.values).isPositive();
    }
    assertThat(stats.rejected).isPositive();
  }

  /**
   * One CSS-WC case: decodes the datagram from an array and from a buffer at an offset, and hands
   * it to the server core; checks the oracles.
   *
   * @return the decoded message, or null if the datagram was rejected
   */
  static @Nullable WcMessage wcCase(
      WcInput kind, long seed, WallClockServerCore core, CorrelatedClock wall, Stats stats) {
    byte[] input = wcInput(kind, seed);
    try {
      long[] bytes = new long[1];
      Object outcome = wcDecodeMeasured(input, bytes);
      if (bytes[0] > WC_CONSTANT_BYTES) {
        outcome = wcDecodeMeasured(input, bytes);
      }
      stats.add(input.length, bytes[0]);
      check(bytes[0] <= WC_CONSTANT_BYTES, "decode allocated %d bytes", bytes[0]);

      // the same datagram in a buffer, at an offset, gives the same outcome
      Random r = new Random(~seed);
      int offset = r.nextInt(8);
      ByteBuffer buf =
          r.nextBoolean()
              ? ByteBuffer.allocate(offset + input.length + 8)
              : ByteBuffer.allocateDirect(offset + input.length + 8);
      buf.position(offset);
      buf.put(input);
      buf.flip().position(offset);
      Object fromBuffer;
      try {
        fromBuffer = WcMessage.decode(buf);
        check(buf.position() == buf.limit(), "position %d after a decode", buf.position());
      } catch (ProtocolException e) {
        fromBuffer = e;
        check(buf.position() == offset, "position %d after a failure", buf.position());
      }
      if (outcome instanceof ProtocolException e) {
        check(e.getMessage().startsWith("WC message: "), "message without its prefix: %s", e);
        check(
            fromBuffer instanceof ProtocolException b && b.getMessage().equals(e.getMessage()),
            "from a buffer: %s",
            fromBuffer);
        stats.rejected++;
      } else {
        WcMessage m = (WcMessage) outcome;
        check(m.equals(fromBuffer), "from a buffer: %s", fromBuffer);
        byte[] expected = input.clone();
        expected[3] = 0; // reserved: ignored on decode, 0 on encode
        check(Arrays.equals(m.encode(), expected), "encodes differently: %s", m);
        check(WcMessage.decode(m.encode()).equals(m), "decode(encode(m)) differs: %s", m);
        stats.values++;
      }

      // the server core answers or names a reason, never throws, and allocates a constant
      double now = wall.ticks();
      long before = allocated();
      Reply reply = core.handle(input, now);
      long replyBytes = allocated() - before;
      stats.handled++;
      if (replyBytes > WC_CONSTANT_BYTES) {
        before = allocated();
        core.handle(input, now);
        replyBytes = allocated() - before;
        stats.handled++;
      }
      check(replyBytes <= WC_CONSTANT_BYTES, "handle allocated %d bytes", replyBytes);
      boolean request = input.length == 32 && input[0] == 0 && input[1] == 0;
      check(reply instanceof Reply.Respond == request, "reply %s", reply);
      if (reply instanceof Reply.Respond respond) {
        byte[] response = respond.response().encode();
        check(
            Arrays.equals(response, 8, 16, input, 8, 16),
            "originate not echoed byte for byte: %s",
            respond.response());
        check(WcMessage.decode(response).equals(respond.response()), "response %s", reply);
      }
      return outcome instanceof WcMessage m ? m : null;
    } catch (Throwable t) {
      throw new AssertionError(
          String.format(
              "WC %s seed %d: %s%n  input (%d bytes): %s%n  reproduce: wcCase(%s, %dL, ...)",
              kind, seed, t, input.length, hex(input), kind, seed),
          t);
    }
  }

  /** A cheap assertion for the per-case hot path (AssertJ's cost a few microseconds each). */
  private static void check(boolean ok, String format, Object... args) {
    if (!ok) {
      throw new AssertionError(String.format(format, args));
    }
  }

  private static Object wcDecodeMeasured(byte[] input, long[] bytes) {
    long before = allocated();
    Object out;
    try {
      out = WcMessage.decode(input);
    } catch (ProtocolException e) {
      out = e;
    }
    bytes[0] = allocated() - before;
    return out;
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(b.length, 64); i++) {
      s.append(String.format("%02x", b[i]));
    }
    return s + (b.length > 64 ? "... (cut)" : "");
  }

  // ---------------------------------------------------------------- regressions

  /**
   * Found by this fuzzing: each private data item was written out and parsed again, about 2.5 KiB
   * per smallest item, 214 bytes per input character. Now each is written once.
   */
  @Test
  void privateDataItemsAreNotParsedAgain() {
    String items = "{\"type\":\"\"},".repeat(5_000) + "{\"type\":\"\"}";
    String json = "{\"contentIdStem\":\"\",\"timelineSelector\":\"\",\"private\":[" + items + "]}";
    SetupData.decode(json); // warm up
    long before = allocated();
    SetupData s = SetupData.decode(json);
    long bytes = allocated() - before;
    assertThat(s.privateData().value()).hasSize(5_001);
    assertThat(s.privateData().value().get(0)).isEqualTo(PrivateData.ofType(""));
    assertThat(bytes / json.length()).as("bytes per character").isLessThan(120);
  }

  /** Decoded private data agrees with itself and with {@link PrivateData#fromJson}. */
  @Test
  void privateDataTypeAgreesWithItsTextEvenForALoneSurrogate() {
    for (String type : new String[] {"urn:x", "\\ud800", "\\udc00x", "\\ud83d\\ude00"}) {
      String json = "{\"private\":[{\"type\":\"" + type + "\",\"n\":1}]}";
      PrivateData p = Cii.decode(json).privateData().value().get(0);
      PrivateData again = PrivateData.fromJson(p.json());
      assertThat(p.type()).as(type).isEqualTo(again.type());
      assertThat(p).isEqualTo(again);
    }
  }

  // ---------------------------------------------------------------- the oracles can fail

  @Test
  void theAllocationOracleCatchesAnUnboundedDecoder() {
    long before = allocated();
    byte[] waste = new byte[(int) (JSON_CONSTANT_BYTES + JSON_BYTES_PER_CHAR * 10)];
    long used = allocated() - before;
    assertThat(waste).isNotEmpty();
    assertThat(used).isGreaterThan(JSON_BYTES_PER_CHAR * 10 + JSON_CONSTANT_BYTES);
  }

  @Test
  void jsonCasesAreReproducibleFromTheirSeed() {
    for (JsonDecoder d : JsonDecoder.values()) {
      for (JsonInput kind : JsonInput.values()) {
        assertThat(jsonInput(d, kind, 42)).isEqualTo(jsonInput(d, kind, 42));
      }
    }
    assertThat(wcInput(WcInput.BYTE_MUTATION, 42)).isEqualTo(wcInput(WcInput.BYTE_MUTATION, 42));
  }
}
