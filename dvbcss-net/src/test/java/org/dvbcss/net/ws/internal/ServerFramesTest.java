package org.dvbcss.net.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Whole server frames, decoded by Netty's client decoder. */
class ServerFramesTest {

  /** A text of exactly {@code bytes} UTF-8 bytes, with multi-byte characters where they fit. */
  private static String textOfBytes(int bytes, Random random) {
    StringBuilder text = new StringBuilder(bytes);
    int left = bytes;
    while (left > 0) {
      if (left >= 3 && random.nextInt(4) == 0) {
        text.append('€'); // 3 bytes
        left -= 3;
      } else if (left >= 2 && random.nextInt(4) == 0) {
        text.append('é'); // 2 bytes
        left -= 2;
      } else {
        text.append((char) ('a' + random.nextInt(26)));
        left--;
      }
    }
    return text.toString();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 125, 126, 127, 65535, 65536, 65537, 3_000_000})
  void aTextFrameOfEachLengthFormDecodesToTheSameText(int length) {
    String text = textOfBytes(length, new Random(length));
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    assertThat(utf8).hasSize(length);
    byte[] frame = ServerFrames.frame(ServerFrames.TEXT, utf8);
    int header = length <= 125 ? 2 : length <= 65535 ? 4 : 10;
    assertThat(frame).hasSize(header + length);
    assertThat(frame[0]).isEqualTo((byte) 0x81); // FIN, text
    assertThat(frame[1] & 0x80).isZero(); // not masked
    assertThat(ClientDecoder.text(Unpooled.wrappedBuffer(frame))).isEqualTo(text);
  }

  static IntStream seeds() {
    return IntStream.range(0, 20);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void binaryFramesOfRandomLengthsDecodeToTheSameBytesEvenWhenDeliveredInPieces(int seed) {
    Random random = new Random(seed);
    int[] edges = {0, 125, 126, 65535, 65536};
    int length =
        random.nextBoolean()
            ? Math.max(0, edges[random.nextInt(edges.length)] + random.nextInt(3) - 1)
            : random.nextInt(200_000);
    byte[] payload = new byte[length];
    random.nextBytes(payload);
    byte[] frame = ServerFrames.frame(ServerFrames.BINARY, payload);
    // two frames back to back, cut at a random point: the decoder must find both boundaries
    ByteBuf both = Unpooled.wrappedBuffer(frame, frame);
    int cut = random.nextInt(both.readableBytes() + 1);
    ByteBuf first = both.retainedSlice(0, cut);
    ByteBuf rest = both.retainedSlice(cut, both.readableBytes() - cut);
    both.release();
    List<WebSocketFrame> frames =
        ClientDecoder.decode(Unpooled.wrappedBuffer(first, rest)); // composite of the two pieces
    assertThat(frames).hasSize(2);
    for (WebSocketFrame f : frames) {
      assertThat(f).isInstanceOf(BinaryWebSocketFrame.class);
      assertThat(f.isFinalFragment()).isTrue();
      byte[] got = new byte[f.content().readableBytes()];
      f.content().getBytes(f.content().readerIndex(), got);
      assertThat(got).isEqualTo(payload);
      f.release();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 125, 126, 65535, 65536, Integer.MAX_VALUE})
  void theHeaderTakesTheShortestLengthForm(int length) {
    int header = ServerFrames.headerLength(length);
    assertThat(header).isEqualTo(length <= 125 ? 2 : length <= 65535 ? 4 : 10);
    byte[] out = new byte[header];
    assertThat(ServerFrames.writeHeader(ServerFrames.TEXT, length, out, 0)).isEqualTo(header);
    long decoded =
        switch (header) {
          case 2 -> out[1];
          case 4 -> ((out[2] & 0xFF) << 8) | (out[3] & 0xFF);
          default -> {
            long v = 0;
            for (int i = 2; i < 10; i++) {
              v = (v << 8) | (out[i] & 0xFF);
            }
            yield v;
          }
        };
    assertThat(decoded).isEqualTo(length);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 8, 9, 10})
  void onlyDataOpcodesAreFramed(int opcode) {
    assertThatThrownBy(() -> ServerFrames.frame(opcode, new byte[1]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
