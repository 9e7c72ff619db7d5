package org.dvbcss.companion.check;

import java.time.Duration;

/**
 * The CSS-WC rules (R-WC-*). Runs on a thread of its own for {@link CheckConfig#duration()},
 * publishing the companion's wall clock estimate ({@link CheckContext#wallClock}) as soon as it has
 * one.
 */
final class WcChecks implements AutoCloseable {
  private WcChecks() {}

  static WcChecks start(CheckContext ctx) {
    throw new UnsupportedOperationException("CSS-WC checks not written yet");
  }

  /** Waits for the measurement to end, at most {@code limit}. */
  void awaitEnd(Duration limit) throws InterruptedException {}

  @Override
  public void close() {}
}
