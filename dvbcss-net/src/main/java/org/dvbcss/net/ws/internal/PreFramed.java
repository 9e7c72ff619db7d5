package org.dvbcss.net.ws.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A data frame already encoded in full, header and payload (see {@link ServerFrames}), on its way
 * to the connection handler's {@code write}, which passes its content down as a plain buffer: the
 * frame encoder lets a buffer through untouched. Being a {@link io.netty.buffer.ByteBufHolder}, its
 * size counts in the channel's pending bytes while a write from another thread waits for the event
 * loop, as a text frame's did.
 *
 * <p>Threading: made on any thread, then used on the channel's event loop only.
 */
final class PreFramed extends DefaultByteBufHolder {
  private final boolean offLoop;

  /**
   * Wraps a frame.
   *
   * @param frame the frame's bytes; this holder owns the reference
   * @param offLoop true if it was sent from outside the event loop (the sender counts those)
   */
  PreFramed(ByteBuf frame, boolean offLoop) {
    super(frame);
    this.offLoop = offLoop;
  }

  /**
   * Whether it was sent from outside the event loop.
   *
   * @return true if so
   */
  boolean offLoop() {
    return offLoop;
  }

  @Override
  public PreFramed replace(ByteBuf content) {
    return new PreFramed(content, offLoop);
  }
}
