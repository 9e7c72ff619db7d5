package org.dvbcss.companion.check;

import java.net.http.HttpClient;

/** The rules that need the TV to change: each {@link GuidedStep} asked of the {@link Guide}. */
final class GuidedChecks {
  private GuidedChecks() {}

  static void run(CheckContext ctx, HttpClient http) throws InterruptedException {
    throw new UnsupportedOperationException("guided checks not written yet");
  }
}
