package org.dvbcss.companion.check;

import java.net.http.HttpClient;

/** The CSS-CII rules (R-CII-*). Stateless; each run on the checker's thread. */
final class CiiChecks {
  private CiiChecks() {}

  /**
   * Connects to CSS-CII, reads the first message, publishes it ({@link CheckContext#cii}) and
   * applies the CII rules that need no change of the TV.
   *
   * @return whether the TV was reached (a first message arrived)
   */
  static boolean run(CheckContext ctx, HttpClient http) throws InterruptedException {
    throw new UnsupportedOperationException("CSS-CII checks not written yet");
  }
}
