package org.dvbcss.tools.wc;

import java.util.ArrayDeque;

/** The largest dispersion seen over a sliding window of time. Not thread safe. */
final class DispersionWindow {
  private record Sample(long atNanos, double seconds) {}

  private final long windowNanos;
  private final ArrayDeque<Sample> samples = new ArrayDeque<>();

  DispersionWindow(long windowNanos) {
    this.windowNanos = windowNanos;
  }

  /** Adds a sample and forgets those older than the window. */
  void add(long atNanos, double seconds) {
    samples.addLast(new Sample(atNanos, seconds));
    while (samples.peekFirst().atNanos() < atNanos - windowNanos) {
      samples.removeFirst();
    }
  }

  /** The largest dispersion in the window, seconds; +infinity when empty. */
  double max() {
    return samples.stream().mapToDouble(Sample::seconds).max().orElse(Double.POSITIVE_INFINITY);
  }
}
