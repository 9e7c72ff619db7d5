package org.dvbcss.net.ws.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.dvbcss.net.ws.CloseCause;
import org.jspecify.annotations.Nullable;

/**
 * Turns a connection's data frames into text messages: joins a fragmented text message (a text
 * frame and its continuation frames), keeps the joined message within the size limit, decodes UTF-8
 * strictly, and refuses binary frames. Each finished message, and each breach of these rules, goes
 * to a {@link Sink}.
 *
 * <p>Threading: not thread safe; used on the connection's event loop only. It holds a buffer while
 * a fragmented message is incomplete: call {@link #release()} when the connection closes.
 */
final class TextAssembler {

  /** Where the assembler's results go. Called on the thread that called the assembler. */
  interface Sink {
    /**
     * A complete text message.
     *
     * @param text the decoded message
     */
    void onText(String text);

    /**
     * A frame broke a rule; the connection should close. The assembler has dropped any partial
     * message.
     *
     * @param cause why
     * @param code the close status to send
     * @param reason the close reason to send
     */
    void onViolation(CloseCause cause, int code, String reason);
  }

  private final int maxMessageBytes;
  private final Sink sink;
  private @Nullable CompositeByteBuf fragments;

  /**
   * Creates an assembler.
   *
   * @param maxMessageBytes the size limit for a joined message, in bytes
   * @param sink where messages and violations go
   */
  TextAssembler(int maxMessageBytes, Sink sink) {
    this.maxMessageBytes = maxMessageBytes;
    this.sink = sink;
  }

  /**
   * Takes one data frame (text, continuation or binary; other frames are ignored). The caller keeps
   * ownership of the frame; the assembler retains what it keeps.
   *
   * @param frame the frame
   * @param alloc the allocator for the buffer that joins fragments
   */
  void accept(WebSocketFrame frame, ByteBufAllocator alloc) {
    if (frame instanceof BinaryWebSocketFrame) {
      violation(CloseCause.BINARY, 1003, "binary frames are not accepted");
    } else if (frame instanceof TextWebSocketFrame) {
      if (fragments != null) {
        violation(CloseCause.PROTOCOL_ERROR, 1002, "new message inside a fragmented message");
      } else if (frame.isFinalFragment()) {
        deliver(frame.content());
      } else {
        CompositeByteBuf joined = alloc.compositeBuffer(Integer.MAX_VALUE);
        joined.addComponent(true, frame.content().retain());
        fragments = joined;
      }
    } else if (frame instanceof ContinuationWebSocketFrame) {
      CompositeByteBuf joined = fragments;
      if (joined == null) {
        violation(CloseCause.PROTOCOL_ERROR, 1002, "continuation frame without a message");
      } else if ((long) joined.readableBytes() + frame.content().readableBytes()
          > maxMessageBytes) {
        violation(CloseCause.TOO_BIG, 1009, "message longer than " + maxMessageBytes + " bytes");
      } else {
        joined.addComponent(true, frame.content().retain());
        if (frame.isFinalFragment()) {
          fragments = null;
          try {
            deliver(joined);
          } finally {
            joined.release();
          }
        }
      }
    }
  }

  /**
   * Whether a fragmented message is incomplete.
   *
   * @return true between a non-final text frame and its final continuation
   */
  boolean inMessage() {
    return fragments != null;
  }

  /** Drops any partial message and its buffer; the assembler stays usable. */
  void release() {
    CompositeByteBuf joined = fragments;
    if (joined != null) {
      fragments = null;
      joined.release();
    }
  }

  private void violation(CloseCause cause, int code, String reason) {
    release();
    sink.onViolation(cause, code, reason);
  }

  private void deliver(ByteBuf utf8) {
    String text = decode(utf8);
    if (text == null) {
      violation(CloseCause.INVALID_UTF8, 1007, "text message is not valid UTF-8");
    } else {
      sink.onText(text);
    }
  }

  /**
   * Decodes strict UTF-8.
   *
   * @param utf8 the bytes (not consumed)
   * @return the text, or null if the bytes are not valid UTF-8
   */
  static @Nullable String decode(ByteBuf utf8) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(utf8.nioBuffer())
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
