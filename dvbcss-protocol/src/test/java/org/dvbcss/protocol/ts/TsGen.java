package org.dvbcss.protocol.ts;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.PrivateData;

/** Random valid CSS-TS messages for the seeded property and fuzz tests. */
public final class TsGen {
  private TsGen() {}

  private static long anyLong(Random r) {
    switch (r.nextInt(5)) {
      case 0:
        return r.nextInt(3) - 1;
      case 1:
        return r.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
      case 2:
        return r.nextInt();
      default:
        return r.nextLong();
    }
  }

  private static double speed(Random r) {
    switch (r.nextInt(6)) {
      case 0:
        return 1.0;
      case 1:
        return 0.0;
      case 2:
        return r.nextInt(9) - 4;
      case 3:
        return Double.longBitsToDouble(r.nextLong() & 0x7fefffffffffffffL)
            * (r.nextBoolean() ? 1 : -1);
      case 4:
        return r.nextBoolean() ? Double.MIN_VALUE : -Double.MAX_VALUE;
      default:
        return (r.nextDouble() - 0.5) * 8;
    }
  }

  private static String string(Random r) {
    String pool = "abc:/.-_0 \"\\\u00e9\u2028\ud83d\ude00\n\t";
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(12);
    for (int i = 0; i < n; i++) {
      b.append(pool.charAt(r.nextInt(pool.length())));
    }
    return b.toString();
  }

  private static String uri(Random r) {
    return r.nextBoolean()
        ? "urn:dvb:css:timeline:temi:" + r.nextInt(256) + ":" + r.nextInt(256)
        : "dvb://" + Integer.toHexString(r.nextInt());
  }

  /**
   * Random setup data.
   *
   * @param r the source of randomness
   * @param wild whether the stem and selector may be any string, not only URIs
   * @return the setup data
   */
  public static SetupData setupData(Random r, boolean wild) {
    Presence<List<PrivateData>> priv = Presence.absent();
    if (r.nextBoolean()) {
      List<PrivateData> items = new ArrayList<>();
      int n = r.nextInt(3);
      for (int i = 0; i < n; i++) {
        items.add(
            r.nextBoolean()
                ? PrivateData.ofType(uri(r))
                : PrivateData.fromJson(
                    "{\"type\":\"urn:x:" + r.nextInt(9) + "\",\"n\":" + r.nextInt() + "}"));
      }
      priv = Presence.of(items);
    }
    String stem = wild ? string(r) : (r.nextInt(4) == 0 ? "" : uri(r));
    String selector = wild ? string(r) : uri(r);
    return new SetupData(stem, selector, priv);
  }

  /**
   * A random control timestamp, available or not, with extreme values among the ordinary.
   *
   * @param r the source of randomness
   * @return the control timestamp
   */
  public static ControlTimestamp controlTimestamp(Random r) {
    return r.nextInt(4) == 0
        ? ControlTimestamp.unavailable(anyLong(r))
        : ControlTimestamp.available(anyLong(r), anyLong(r), speed(r));
  }

  /**
   * Random timing report timestamps, with and without infinities.
   *
   * @param r the source of randomness
   * @return the timestamps
   */
  public static AptEptLpt aptEptLpt(Random r) {
    Presence<Timestamp> actual =
        r.nextBoolean() ? Presence.of(Timestamp.of(anyLong(r), anyLong(r))) : Presence.absent();
    Timestamp earliest =
        r.nextBoolean()
            ? Timestamp.minusInfinity(anyLong(r))
            : Timestamp.of(anyLong(r), anyLong(r));
    Timestamp latest =
        r.nextBoolean() ? Timestamp.plusInfinity(anyLong(r)) : Timestamp.of(anyLong(r), anyLong(r));
    return new AptEptLpt(actual, earliest, latest);
  }
}
