package org.dvbcss.companion.check;

import java.net.http.HttpClient;

/** The WebSocket transport rules (R-WS-*), on the CII and TS endpoints. */
final class WsChecks {
  private WsChecks() {}

  static void run(CheckContext ctx, HttpClient http) throws InterruptedException {
    throw new UnsupportedOperationException("WebSocket checks not written yet");
  }
}
