package org.dvbcss.net.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.dvbcss.net.ws.CloseCause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Fragment joining, the size limit and strict UTF-8, with no channel. */
class TextAssemblerTest {
  private final List<String> out = new ArrayList<>();
  private final ByteBufAllocator alloc = UnpooledByteBufAllocator.DEFAULT;
  private final TextAssembler assembler =
      new TextAssembler(
          100,
          new TextAssembler.Sink() {
            @Override
            public void onText(String text) {
              out.add("text " + text);
            }

            @Override
            public void onViolation(CloseCause cause, int code, String reason) {
              out.add(cause + " " + code + " " + reason);
            }
          });

  /** Feeds a frame as the connection does: the caller releases it afterwards. */
  private void feed(WebSocketFrame frame) {
    try {
      assembler.accept(frame, alloc);
    } finally {
      frame.release();
    }
  }

  private static ByteBuf utf8(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
  }

  static IntStream seeds() {
    return IntStream.range(0, 25);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void messagesSplitAnywhereAreJoinedAndTheBuffersReleased(int seed) {
    Random random = new Random(seed);
    List<String> expected = new ArrayList<>();
    List<ByteBuf> parts = new ArrayList<>();
    String[] pieces = {"a", "é", "€", "😀", " "};
    for (int message = 0; message < 3; message++) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(20); i >= 0; i--) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      expected.add("text " + text);
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      int at = 0;
      boolean first = true;
      while (true) {
        int end = Math.min(bytes.length, at + random.nextInt(5));
        boolean last = end == bytes.length;
        ByteBuf part = Unpooled.copiedBuffer(bytes, at, end - at);
        parts.add(part);
        feed(
            first
                ? new TextWebSocketFrame(last, 0, part)
                : new ContinuationWebSocketFrame(last, 0, part));
        assertThat(assembler.inMessage()).isEqualTo(!last);
        first = false;
        at = end;
        if (last) {
          break;
        }
      }
    }
    assertThat(out).isEqualTo(expected);
    assertThat(parts)
        .filteredOn(part -> part.capacity() > 0) // the shared empty buffer is never freed
        .allSatisfy(part -> assertThat(part.refCnt()).isZero());
  }

  @Test
  void aJoinedMessageOverTheLimitIsRefusedAndItsPartsReleased() {
    ByteBuf first = utf8("x".repeat(60));
    feed(new TextWebSocketFrame(false, 0, first));
    feed(new ContinuationWebSocketFrame(false, 0, utf8("x".repeat(40)))); // exactly 100: fine
    assertThat(out).isEmpty();
    feed(new ContinuationWebSocketFrame(true, 0, utf8("x")));
    assertThat(out).containsExactly("TOO_BIG 1009 message longer than 100 bytes");
    assertThat(assembler.inMessage()).isFalse();
    assertThat(first.refCnt()).isZero();
  }

  @Test
  void aNewTextFrameInsideAFragmentedMessageIsAProtocolError() {
    feed(new TextWebSocketFrame(false, 0, utf8("a")));
    feed(new TextWebSocketFrame(true, 0, utf8("b")));
    assertThat(out).containsExactly("PROTOCOL_ERROR 1002 new message inside a fragmented message");
    assertThat(assembler.inMessage()).isFalse();
  }

  @Test
  void aContinuationWithoutAStartIsAProtocolError() {
    feed(new ContinuationWebSocketFrame(true, 0, utf8("x")));
    assertThat(out).containsExactly("PROTOCOL_ERROR 1002 continuation frame without a message");
  }

  @Test
  void binaryFramesAreRefusedEvenInsideAMessage() {
    feed(new TextWebSocketFrame(false, 0, utf8("a")));
    feed(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1})));
    assertThat(out).containsExactly("BINARY 1003 binary frames are not accepted");
    assertThat(assembler.inMessage()).isFalse();
  }

  @Test
  void invalidUtf8IsRefusedWholeOrFragmented() {
    feed(new TextWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[] {(byte) 0xC3, 0x28})));
    feed(new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] {(byte) 0xE2})));
    feed(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[] {(byte) 0x82})));
    assertThat(out)
        .containsExactly(
            "INVALID_UTF8 1007 text message is not valid UTF-8",
            "INVALID_UTF8 1007 text message is not valid UTF-8");
  }

  @Test
  void otherFramesAreIgnored() {
    feed(new TextWebSocketFrame(false, 0, utf8("a")));
    feed(new PingWebSocketFrame(utf8("p")));
    feed(new ContinuationWebSocketFrame(true, 0, utf8("b")));
    assertThat(out).containsExactly("text ab");
  }

  @Test
  void releaseDropsAPartialMessageAndTheAssemblerStaysUsable() {
    ByteBuf first = utf8("a");
    feed(new TextWebSocketFrame(false, 0, first));
    assembler.release();
    assembler.release(); // twice is harmless
    assertThat(first.refCnt()).isZero();
    assertThat(assembler.inMessage()).isFalse();
    feed(new TextWebSocketFrame("next"));
    assertThat(out).containsExactly("text next");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void decodeAcceptsExactlyWellFormedUtf8(int seed) {
    Random random = new Random(seed);
    byte[] bytes = new byte[random.nextInt(12)];
    random.nextBytes(bytes);
    String strict;
    try {
      strict = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      strict = null;
    }
    assertThat(TextAssembler.decode(Unpooled.wrappedBuffer(bytes))).isEqualTo(strict);
    String valid = new String(bytes, StandardCharsets.UTF_8);
    assertThat(TextAssembler.decode(utf8(valid))).isEqualTo(valid);
  }
}
