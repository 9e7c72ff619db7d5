package org.dvbcss.protocol.wc;

import java.time.Duration;
import java.util.List;
import org.dvbcss.clock.CorrelatedClock;

/**
 * An algorithm built from parts: a candidate must pass every {@link CandidateFilter} (in order; the
 * first rejection stops); the ones that do go to a {@link Predictor}, whose answer becomes the wall
 * clock's correlation. A rejected candidate leaves the clock alone. (The reference implementation's
 * test for rejection never fired, so its filters filtered nothing.)
 *
 * <p>Pacing: a request every {@code repeatInterval} after a response; after a timeout the next
 * request goes at once.
 *
 * <p>Not thread safe: confine to the client core's thread.
 */
public final class FilterAndPredict implements WallClockAlgorithm {
  private final List<CandidateFilter> filters;
  private final Predictor predictor;
  private final Pacing pacing;
  private long accepted;
  private long rejected;

  /**
   * An algorithm with the default pacing (repeat 1 s, timeout 200 ms).
   *
   * @param filters the filters, applied in order; may be empty
   * @param predictor the predictor
   */
  public FilterAndPredict(List<CandidateFilter> filters, Predictor predictor) {
    this(filters, predictor, LowestDispersion.DEFAULT_REPEAT, LowestDispersion.DEFAULT_TIMEOUT);
  }

  /**
   * An algorithm.
   *
   * @param filters the filters, applied in order; may be empty
   * @param predictor the predictor
   * @param repeatInterval time between a response and the next request; not negative
   * @param responseTimeout how long to wait for a response; positive
   */
  public FilterAndPredict(
      List<CandidateFilter> filters,
      Predictor predictor,
      Duration repeatInterval,
      Duration responseTimeout) {
    this.filters = List.copyOf(filters);
    this.predictor = predictor;
    this.pacing = Pacing.of(repeatInterval, responseTimeout);
  }

  @Override
  public long responseTimeoutNanos() {
    return pacing.timeoutNanos();
  }

  @Override
  public long onCandidate(Candidate candidate, CorrelatedClock wallClock) {
    for (CandidateFilter filter : filters) {
      if (!filter.accept(candidate, wallClock)) {
        rejected++;
        return pacing.repeatNanos();
      }
    }
    accepted++;
    wallClock.setCorrelation(predictor.predict(candidate, wallClock));
    return pacing.repeatNanos();
  }

  @Override
  public long onTimeout(CorrelatedClock wallClock) {
    return 0;
  }

  /**
   * How many candidates passed every filter.
   *
   * @return a count
   */
  public long accepted() {
    return accepted;
  }

  /**
   * How many candidates a filter rejected.
   *
   * @return a count
   */
  public long rejected() {
    return rejected;
  }
}
