package org.dvbcss.companion.check;

import java.net.http.HttpClient;

/** The CSS-TS rules (R-TS-*) that need no change of the TV. */
final class TsChecks {
  private TsChecks() {}

  static void run(CheckContext ctx, HttpClient http) throws InterruptedException {
    throw new UnsupportedOperationException("CSS-TS checks not written yet");
  }
}
