package org.dvbcss.protocol.ts;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A timeline source for one selector (exact match) whose control timestamp is whatever it was last
 * {@linkplain #set set} to; setting it pushes it to the servers. Null means "not ready": nothing is
 * sent for the selector until a control timestamp is set.
 *
 * <p>Threading: thread safe; {@link #set} may be called from any thread and pushes on it.
 */
public final class FixedTimelineSource extends TimelineSource {
  private final String selector;
  private volatile @Nullable ControlTimestamp ct;

  /**
   * A fixed source.
   *
   * @param selector the timeline selector it serves
   * @param ct the control timestamp, or null if not ready
   */
  public FixedTimelineSource(String selector, @Nullable ControlTimestamp ct) {
    this.selector = Objects.requireNonNull(selector, "selector");
    this.ct = ct;
  }

  /**
   * Sets the control timestamp and pushes it to every server this source is attached to.
   *
   * @param ct the control timestamp, or null for "not ready" (nothing more is sent)
   */
  public void set(@Nullable ControlTimestamp ct) {
    this.ct = ct;
    notifyChanged();
  }

  /**
   * The selector served.
   *
   * @return the selector
   */
  public String selector() {
    return selector;
  }

  @Override
  public boolean recognises(String timelineSelector) {
    return selector.equals(timelineSelector);
  }

  @Override
  public @Nullable ControlTimestamp controlTimestamp(String timelineSelector) {
    return selector.equals(timelineSelector) ? ct : null;
  }

  @Override
  public String toString() {
    return "FixedTimelineSource[" + selector + "]";
  }
}
