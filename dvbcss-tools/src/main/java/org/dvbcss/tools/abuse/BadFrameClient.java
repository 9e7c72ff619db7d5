package org.dvbcss.tools.abuse;

import java.io.IOException;
import org.dvbcss.net.raw.RawWebSocket;

/**
 * Sends one frame the server must refuse (binary, too big, invalid UTF-8) and reads until the
 * server closes. One run.
 *
 * @param target where to
 * @param opcode the frame's WebSocket opcode
 * @param payload the frame's payload
 */
record BadFrameClient(Target target, int opcode, byte[] payload) implements SessionAbuser {
  /** A binary frame. */
  static BadFrameClient binary(Target target) {
    return new BadFrameClient(target, RawWebSocket.BINARY, new byte[] {1, 2, 3});
  }

  /** A text frame of {@code bytes} bytes, one more than the server takes. */
  static BadFrameClient oversize(Target target, int bytes) {
    return new BadFrameClient(target, RawWebSocket.TEXT, new byte[bytes]);
  }

  /** A text frame that is not UTF-8. */
  static BadFrameClient badUtf8(Target target) {
    return new BadFrameClient(target, RawWebSocket.TEXT, new byte[] {'{', (byte) 0xC3, 0x28});
  }

  @Override
  public void misbehave(RawWebSocket c, Round round) throws IOException, InterruptedException {
    try {
      c.send(opcode, payload);
      c.readUntilClose();
    } catch (IOException e) {
      // closed with the frame unread: a reset may overtake the close frame
    } finally {
      c.close();
    }
  }
}
