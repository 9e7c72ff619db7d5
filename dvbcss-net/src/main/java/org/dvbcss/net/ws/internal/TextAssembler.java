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
 * Turns a connection's data frames into messages: joins a fragmented message (a text or binary
 * frame and its continuation frames), keeps the joined message within the size limit, decodes UTF-8
 * strictly, and refuses binary messages unless the endpoint accepts them. Each finished message,
 * and each breach of these rules, goes to a {@link Sink}.
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
     * A complete binary message (only when the assembler accepts binary).
     *
     * @param data the joined bytes, valid during the call only (the assembler releases them after)
     */
    default void onBinary(ByteBuf data) {}

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
  private final boolean acceptsBinary;
  private final Sink sink;
  private @Nullable CompositeByteBuf fragments;
  private boolean fragmentsBinary;

  /**
   * Creates an assembler that refuses binary frames.
   *
   * @param maxMessageBytes the size limit for a joined message, in bytes
   * @param sink where messages and violations go
   */
  TextAssembler(int maxMessageBytes, Sink sink) {
    this(maxMessageBytes, false, sink);
  }

  /**
   * Creates an assembler.
   *
   * @param maxMessageBytes the size limit for a joined message, in bytes
   * @param acceptsBinary whether binary messages go to {@link Sink#onBinary} (otherwise a binary
   *     frame is a violation, closed with 1003)
   * @param sink where messages and violations go
   */
  TextAssembler(int maxMessageBytes, boolean acceptsBinary, Sink sink) {
    this.maxMessageBytes = maxMessageBytes;
    this.acceptsBinary = acceptsBinary;
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
    boolean binary = frame instanceof BinaryWebSocketFrame;
    if (binary && !acceptsBinary) {
      violation(CloseCause.BINARY, 1003, "binary frames are not accepted");
    } else if (binary || frame instanceof TextWebSocketFrame) {
      if (fragments != null) {
        violation(CloseCause.PROTOCOL_ERROR, 1002, "new message inside a fragmented message");
      } else if (frame.isFinalFragment()) {
        deliver(frame.content(), binary);
      } else {
        CompositeByteBuf joined = alloc.compositeBuffer(Integer.MAX_VALUE);
        joined.addComponent(true, frame.content().retain());
        fragments = joined;
        fragmentsBinary = binary;
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
            deliver(joined, fragmentsBinary);
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
   * @return true between a non-final text or binary frame and its final continuation
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

  private void deliver(ByteBuf content, boolean binary) {
    if (binary) {
      sink.onBinary(content);
      return;
    }
    ByteBuf utf8 = content;
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
