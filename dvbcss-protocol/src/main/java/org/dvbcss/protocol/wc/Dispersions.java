package org.dvbcss.protocol.wc;

/** Dispersion arithmetic shared by the algorithms. Stateless. */
final class Dispersions {
  private Dispersions() {}

  static long checkNanos(String name, long nanos, boolean allowZero) {
    if (nanos < 0 || (!allowZero && nanos == 0)) {
      throw new IllegalArgumentException(
          name + " must be " + (allowZero ? ">= 0" : "> 0") + " ns, was " + nanos);
    }
    return nanos;
  }
}
