package org.dvbcss.companion.check;

import java.net.http.HttpClient;

/** Watches CSS-TS through the guided steps. */
final class TsStepWatcher implements StepWatcher {
  private final CheckContext ctx;
  private final HttpClient http;

  TsStepWatcher(CheckContext ctx, HttpClient http) {
    this.ctx = ctx;
    this.http = http;
  }

  @Override
  public void open() throws InterruptedException {
    throw new UnsupportedOperationException("not written yet");
  }

  @Override
  public void before(GuidedStep step) {}

  @Override
  public void after(GuidedStep step, long doneNanos) {}

  @Override
  public void close() {}
}
