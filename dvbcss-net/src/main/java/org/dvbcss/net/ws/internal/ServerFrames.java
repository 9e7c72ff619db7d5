package org.dvbcss.net.ws.internal;

/**
 * Encodes whole server-to-client data frames (RFC 6455, section 5.2): one final frame, no extension
 * bits, no mask (a server never masks), then the payload. The length takes the shortest form: in
 * the second byte up to 125, in 16 bits up to 65535, else in 64 bits.
 *
 * <p>Threading: stateless, any thread.
 */
final class ServerFrames {
  /** The text opcode. */
  static final int TEXT = 0x1;

  /** The binary opcode. */
  static final int BINARY = 0x2;

  private ServerFrames() {}

  /**
   * The length of the header for a payload.
   *
   * @param payloadLength the payload's length in bytes, at least 0
   * @return 2, 4 or 10 bytes
   */
  static int headerLength(int payloadLength) {
    if (payloadLength < 0) {
      throw new IllegalArgumentException("negative length " + payloadLength);
    }
    return payloadLength <= 125 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
  }

  /**
   * Writes the header of a frame into {@code out} at {@code at}.
   *
   * @param opcode {@link #TEXT} or {@link #BINARY}
   * @param payloadLength the payload's length in bytes
   * @param out where to write, with room for {@link #headerLength} bytes at {@code at}
   * @param at the first index written
   * @return the index just after the header
   */
  static int writeHeader(int opcode, int payloadLength, byte[] out, int at) {
    if (opcode != TEXT && opcode != BINARY) {
      throw new IllegalArgumentException("not a data opcode: " + opcode);
    }
    out[at++] = (byte) (0x80 | opcode); // FIN, no RSV bits
    int header = headerLength(payloadLength);
    if (header == 2) {
      out[at++] = (byte) payloadLength; // mask bit clear
    } else if (header == 4) {
      out[at++] = 126;
      out[at++] = (byte) (payloadLength >>> 8);
      out[at++] = (byte) payloadLength;
    } else {
      out[at++] = 127;
      long length = payloadLength;
      for (int shift = 56; shift >= 0; shift -= 8) {
        out[at++] = (byte) (length >>> shift);
      }
    }
    return at;
  }

  /**
   * A whole frame: the header, then a copy of the payload.
   *
   * @param opcode {@link #TEXT} or {@link #BINARY}
   * @param payload the payload, not kept
   * @return the frame's bytes
   */
  static byte[] frame(int opcode, byte[] payload) {
    byte[] out = new byte[headerLength(payload.length) + payload.length];
    int at = writeHeader(opcode, payload.length, out, 0);
    System.arraycopy(payload, 0, out, at, payload.length);
    return out;
  }
}
