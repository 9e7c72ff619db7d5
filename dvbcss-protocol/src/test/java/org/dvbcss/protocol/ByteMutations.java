package org.dvbcss.protocol;

import java.util.Arrays;
import java.util.Random;

/** Random edits of a message's bytes, for fuzzing decoders. */
public final class ByteMutations {
  private ByteMutations() {}

  /** 32-bit values at the edges of CSS-WC fields: zero, 10^9 - 1, 10^9, signed and unsigned max. */
  private static final int[] EDGE_U32 = {
    0, 1, 999_999_999, 1_000_000_000, Integer.MAX_VALUE, Integer.MIN_VALUE, -1
  };

  private static final byte[] EDGE_BYTES = {0, 1, 3, 4, 0x7f, (byte) 0x80, (byte) 0xff};

  /**
   * Applies one to four random edits: flip a bit, overwrite a byte with a random or edge value,
   * overwrite an aligned 32-bit field with an edge value, insert or delete a byte, duplicate a
   * short run, cut the bytes short, or append random bytes.
   *
   * @param r the source of randomness (seeded by the caller, so a case reproduces)
   * @param bytes the bytes to edit; not changed
   * @return the edited copy
   */
  public static byte[] mutate(Random r, byte[] bytes) {
    byte[] b = bytes.clone();
    int ops = 1 + r.nextInt(4);
    for (int i = 0; i < ops; i++) {
      if (b.length == 0) {
        b = new byte[] {(byte) r.nextInt()};
        continue;
      }
      int at = r.nextInt(b.length);
      switch (r.nextInt(9)) {
        case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
        case 1 -> b[at] = (byte) r.nextInt();
        case 2 -> b[at] = EDGE_BYTES[r.nextInt(EDGE_BYTES.length)];
        case 3 -> {
          int field = at & ~3;
          if (field + 4 <= b.length) {
            int v = EDGE_U32[r.nextInt(EDGE_U32.length)];
            for (int k = 0; k < 4; k++) {
              b[field + k] = (byte) (v >>> (24 - 8 * k));
            }
          }
        }
        case 4 -> b = insert(b, at, new byte[] {(byte) r.nextInt()});
        case 5 -> b = concat(Arrays.copyOfRange(b, 0, at), Arrays.copyOfRange(b, at + 1, b.length));
        case 6 ->
            b = insert(b, at, Arrays.copyOfRange(b, at, Math.min(b.length, at + 1 + r.nextInt(8))));
        case 7 -> b = Arrays.copyOf(b, at);
        default -> {
          byte[] tail = new byte[1 + r.nextInt(8)];
          r.nextBytes(tail);
          b = concat(b, tail);
        }
      }
    }
    return b;
  }

  private static byte[] insert(byte[] b, int at, byte[] what) {
    return concat(concat(Arrays.copyOfRange(b, 0, at), what), Arrays.copyOfRange(b, at, b.length));
  }

  private static byte[] concat(byte[] a, byte[] c) {
    byte[] out = Arrays.copyOf(a, a.length + c.length);
    System.arraycopy(c, 0, out, a.length, c.length);
    return out;
  }
}
