package org.dvbcss.protocol.dial;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.TextMutations;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Random bytes and mutated valid texts give a value or a ProtocolException, nothing else. */
class DialFuzzTest {
  private static final String CII = "ws://10.0.0.5:7681/cii";
  private static final List<String> VALID =
      List.of(
          SsdpSearch.dial(SsdpSearch.MULTICAST_HOST, 1, "ua").encode(),
          SsdpResponse.dial("http://10.0.0.5:7681/dial/dd.xml", "u", 1800, "s").encode(),
          DeviceDescription.dial("TV", "m", "n", "uuid:1").encodeXml(),
          HbbTvApplication.running(CII, "ws://a/", "ua").encodeXml());
  private static final List<Function<String, Object>> PARSERS =
      List.of(
          SsdpSearch::parse,
          SsdpResponse::parse,
          DeviceDescription::parse,
          HbbTvApplication::parse);

  static LongStream seeds() {
    return LongStream.range(0, 300);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void mutatedTextsGiveAValueOrProtocolException(long seed) {
    Random r = new Random(seed);
    int which = r.nextInt(VALID.size());
    String text = TextMutations.mutate(r, VALID.get(which), "<>/:=\"'&;\r\n x-!?[]");
    for (Function<String, Object> parser : PARSERS) {
      survives(parser, text);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void randomBytesGiveAValueOrProtocolException(long seed) {
    Random r = new Random(seed);
    byte[] bytes = new byte[r.nextInt(300)];
    r.nextBytes(bytes);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    for (Function<String, Object> parser : PARSERS) {
      survives(parser, text);
    }
  }

  private static void survives(Function<String, Object> parser, String text) {
    try {
      assertThat(parser.apply(text)).isNotNull();
    } catch (ProtocolException expected) {
      // fine
    }
  }
}
