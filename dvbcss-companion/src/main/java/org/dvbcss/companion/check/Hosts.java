package org.dvbcss.companion.check;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Which advertised hosts a companion cannot use. Stateless; thread safe. */
final class Hosts {
  private Hosts() {}

  /**
   * Whether a host advertised by a TV is unusable by a companion that reached the TV at {@code
   * reachedHost}: empty, a wildcard ({@code 0.0.0.0}, {@code ::}), or loopback ({@code 127.x},
   * {@code ::1}, {@code localhost}) when the TV itself was not reached on loopback.
   *
   * @param host the advertised host (brackets allowed), or null
   * @param reachedHost the host the companion reached the TV at
   * @return true if a companion must replace it
   */
  static boolean unusable(@Nullable String host, @Nullable String reachedHost) {
    if (host == null || host.isBlank()) {
      return true;
    }
    String h = strip(host);
    if (h.equals("0.0.0.0") || h.equals("::") || h.equals("0:0:0:0:0:0:0:0")) {
      return true;
    }
    return loopback(h) && !(reachedHost != null && loopback(strip(reachedHost)));
  }

  private static boolean loopback(String h) {
    return h.startsWith("127.")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1")
        || h.equals("localhost");
  }

  private static String strip(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h;
  }
}
