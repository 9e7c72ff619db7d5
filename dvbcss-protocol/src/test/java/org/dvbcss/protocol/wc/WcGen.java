package org.dvbcss.protocol.wc;

import java.util.Random;
import org.dvbcss.protocol.wc.WcMessage.Type;

/** Random valid CSS-WC messages for the seeded property and fuzz tests. */
public final class WcGen {
  private WcGen() {}

  /**
   * A random valid message of any type; the raw originate may be non-canonical (nanoseconds field
   * at or above 10^9).
   *
   * @param r the source of randomness
   * @return the message
   */
  public static WcMessage message(Random r) {
    Type type = Type.values()[r.nextInt(Type.values().length)];
    int precision = r.nextInt(256) - 128;
    long mfe = r.nextLong() & WcMessage.MAX_FREQ_ERROR_FIELD;
    long wire = r.nextLong();
    long rx = Math.floorMod(r.nextLong(), WcMessage.MAX_TIME_NANOS + 1);
    long tx = Math.floorMod(r.nextLong(), WcMessage.MAX_TIME_NANOS + 1);
    long originate = (wire >>> 32) * 1_000_000_000L + (wire & 0xFFFF_FFFFL);
    return new WcMessage(type, precision, mfe, originate, rx, tx, wire);
  }
}
