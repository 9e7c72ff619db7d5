package org.dvbcss.net.ws.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.ArrayList;
import java.util.List;

/** Netty's client-side frame decoder (unmasked frames expected) on an embedded channel. */
final class ClientDecoder {
  private ClientDecoder() {}

  /**
   * Decodes the frames in some bytes as a client would; releases {@code bytes}.
   *
   * @param bytes whole frames
   * @return the frames, each to be released by the caller
   */
  static List<WebSocketFrame> decode(ByteBuf bytes) {
    EmbeddedChannel client =
        new EmbeddedChannel(
            new WebSocket08FrameDecoder(
                WebSocketDecoderConfig.newBuilder()
                    .expectMaskedFrames(false)
                    .allowMaskMismatch(false)
                    .maxFramePayloadLength(Integer.MAX_VALUE)
                    .build()));
    client.writeInbound(bytes);
    List<WebSocketFrame> frames = new ArrayList<>();
    for (Object in; (in = client.readInbound()) != null; ) {
      frames.add((WebSocketFrame) in);
    }
    client.finishAndReleaseAll();
    return frames;
  }

  /**
   * Decodes one whole text frame held by a pre-framed message; releases the message.
   *
   * @param msg a {@link PreFramed} or a plain buffer
   * @return the text
   */
  static String text(Object msg) {
    ByteBuf bytes = msg instanceof PreFramed framed ? framed.content() : (ByteBuf) msg;
    List<WebSocketFrame> frames = decode(bytes);
    if (frames.size() != 1
        || !(frames.get(0) instanceof TextWebSocketFrame t)
        || !t.isFinalFragment()) {
      frames.forEach(WebSocketFrame::release);
      throw new AssertionError("not one final text frame: " + frames);
    }
    String text = t.text();
    t.release();
    return text;
  }
}
