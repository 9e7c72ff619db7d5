package org.dvbcss.net.wc;

import org.junit.jupiter.api.Assumptions;

/** For tests of the native CSS-WC transport: its library is a prerequisite like a test peer. */
final class NativeLibrary {
  private NativeLibrary() {}

  /**
   * Returns if the native library loaded. Otherwise fails with {@code CI} set (Maven builds it with
   * gcc, which CI has) and skips the test elsewhere.
   */
  static void require() {
    if (MmsgSocket.isAvailable()) {
      return;
    }
    String why = "the native CSS-WC library did not load: " + MmsgSocket.unavailabilityCause();
    if (System.getenv("CI") != null) {
      throw new AssertionError(why);
    }
    Assumptions.abort(why);
  }
}
