package org.dvbcss.companion.check;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dvbcss.clock.Clock;
import org.dvbcss.protocol.UriHosts;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the checks of one run share: the config, the results so far, the measurements, the first CII
 * state and the companion's estimate of the TV's wall clock.
 *
 * <p>Threading: thread safe; results reach the listener one at a time, in the order reported.
 */
final class CheckContext {
  private static final Logger log = LoggerFactory.getLogger(CheckContext.class);

  private final CheckConfig config;
  private final CheckListener listener;
  private final long startNanos = System.nanoTime();
  private final Instant startedAt = Instant.now();
  private final List<RuleResult> results = new ArrayList<>();
  private final List<Series> series = new ArrayList<>();
  private final CompletableFuture<Optional<Clock>> wallClock = new CompletableFuture<>();
  private volatile @Nullable CiiSnapshot cii;

  CheckContext(CheckConfig config, CheckListener listener) {
    this.config = config;
    this.listener = listener;
  }

  CheckConfig config() {
    return config;
  }

  /** Nanoseconds on this machine's monotonic clock when the check started. */
  long startNanos() {
    return startNanos;
  }

  /** Seconds since the check started, for series. */
  double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Records a result and tells the listener. */
  void report(RuleResult result) {
    synchronized (results) {
      results.add(result);
      try {
        listener.result(result);
      } catch (RuntimeException e) {
        log.warn("check listener failed on {}", result.id(), e);
      }
    }
  }

  /** Tells the listener what is being done. */
  void progress(String text) {
    synchronized (results) {
      try {
        listener.progress(text);
      } catch (RuntimeException e) {
        log.warn("check listener failed on progress", e);
      }
    }
  }

  /** A new series, kept for the report. */
  Series series(String name, String unit, String ruleId) {
    Series s = new Series(name, unit, ruleId);
    synchronized (series) {
      series.add(s);
    }
    return s;
  }

  void cii(CiiSnapshot snapshot) {
    this.cii = snapshot;
  }

  /** The first CII state; only after {@link CiiChecks} reached the TV. */
  CiiSnapshot cii() {
    CiiSnapshot c = cii;
    if (c == null) {
      throw new IllegalStateException("no CII state yet");
    }
    return c;
  }

  /**
   * Publishes the companion's estimate of the TV's wall clock (ticks are nanoseconds, its
   * dispersion is its error bound), or that there is none.
   */
  void wallClock(Optional<Clock> clock) {
    wallClock.complete(clock);
  }

  /**
   * The estimate of the TV's wall clock, waiting for it at most {@code timeoutNanos}.
   *
   * @return the clock, or empty when the wall clock could not be measured (yet)
   */
  Optional<Clock> awaitWallClock(long timeoutNanos) throws InterruptedException {
    try {
      return wallClock.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (ExecutionException e) {
      return Optional.empty();
    }
  }

  /**
   * A URL the TV advertised, with a host a companion cannot use (empty, {@code 0.0.0.0}, {@code
   * ::}, or loopback when the TV was not reached on loopback) replaced by the CII URL's host, as a
   * companion in the field does.
   */
  String reachable(String url) {
    String reached;
    try {
      reached = URI.create(String.valueOf(config.ciiUrl())).getHost();
    } catch (IllegalArgumentException e) {
      return url;
    }
    return reached == null ? url : UriHosts.withUsableHost(url, reached);
  }

  CheckReport report(boolean reached) {
    return report(reached, String.valueOf(config.ciiUrl()));
  }

  CheckReport report(boolean reached, String target) {
    synchronized (results) {
      synchronized (series) {
        return new CheckReport(
            target, reached, startedAt, System.nanoTime() - startNanos, results, series);
      }
    }
  }
}
