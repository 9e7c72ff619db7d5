/**
 * Clocks, correlations, dispersion and the clock-driven scheduler: no I/O.
 *
 * <p>Exports {@code org.dvbcss.clock} and {@code org.dvbcss.scheduler}.
 */
module org.dvbcss.core {
  requires static transitive org.jspecify;
  requires org.slf4j;

  exports org.dvbcss.clock;
  exports org.dvbcss.scheduler;
}
