package org.dvbcss.tv;

import java.util.Objects;
import org.dvbcss.protocol.ts.ClockTimelineSource;
import org.dvbcss.protocol.ts.ControlTimestamp;
import org.dvbcss.protocol.ts.TimelineSource;
import org.jspecify.annotations.Nullable;

/**
 * A clock-driven timeline source seen only through samples, for {@link Fault#SLOW_TIMESTAMPS}: it
 * serves the control timestamp its inner source had at the last {@link #sample()}, and tells its
 * servers only when a sample differs from the one before. Before the first sample after it is
 * attached (or after {@link #forget()}) it is not ready (it answers null), so nothing is sent until
 * the next sample.
 *
 * <p>Threading: thread safe; {@link #sample()} and {@link #forget()} are called under the model's
 * lock, and servers ask for the control timestamp from any thread.
 */
final class SampledTimelineSource extends TimelineSource {
  private final ClockTimelineSource inner;
  private final Sink keepFollowing = source -> {}; // keeps the inner source on its clock
  private volatile @Nullable ControlTimestamp held;
  private volatile boolean attached;

  SampledTimelineSource(ClockTimelineSource inner) {
    this.inner = Objects.requireNonNull(inner, "inner");
  }

  /**
   * Takes a sample: the inner source's control timestamp now becomes the one served, and servers
   * are told if it differs from the one served before. Does nothing while not attached.
   */
  void sample() {
    if (!attached) {
      return;
    }
    ControlTimestamp now = inner.controlTimestamp(inner.selector());
    if (!Objects.equals(now, held)) {
      held = now;
      notifyChanged();
    }
  }

  /** Serves nothing until the next sample (after a content change: the old sample is not it). */
  void forget() {
    held = null;
  }

  @Override
  public boolean recognises(String timelineSelector) {
    return inner.recognises(timelineSelector);
  }

  @Override
  public @Nullable ControlTimestamp controlTimestamp(String timelineSelector) {
    return inner.recognises(timelineSelector) ? held : null;
  }

  @Override
  public void selectorNeeded(String timelineSelector) {
    inner.selectorNeeded(timelineSelector);
  }

  @Override
  public void selectorNotNeeded(String timelineSelector) {
    inner.selectorNotNeeded(timelineSelector);
  }

  @Override
  protected void firstSinkAdded() {
    inner.addSink(keepFollowing);
    attached = true;
  }

  @Override
  protected void lastSinkRemoved() {
    attached = false;
    held = null;
    inner.removeSink(keepFollowing);
  }

  @Override
  public String toString() {
    return "SampledTimelineSource[" + inner.selector() + "]";
  }
}
