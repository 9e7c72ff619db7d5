package org.dvbcss.protocol.ts;

import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supplies the control timestamps of one or more timelines to a {@link TsServerCore} (or several),
 * and so to the servers built on it (such as dvbcss-net's {@code TsServer}).
 *
 * <p>A server asks {@link #recognises} whether this source serves a timeline selector and {@link
 * #controlTimestamp} for the current control timestamp. It tells the source when a selector comes
 * into use ({@link #selectorNeeded}: the first companion asked for it) and goes out of use ({@link
 * #selectorNotNeeded}: the last one left), so a source can start and stop expensive work such as
 * extracting a timeline from the stream. The source tells its servers that its control timestamp
 * may have changed with {@link #notifyChanged()}; each server then sends it to every companion to
 * which it is a change ({@link ControlTimestamp#isChanged}).
 *
 * <p>Subclasses implement {@link #recognises} and {@link #controlTimestamp}, and may override the
 * other hooks. {@link #firstSinkAdded()} and {@link #lastSinkRemoved()} bracket the time during
 * which some server uses this source (a clock-driven source listens to its clock only then).
 *
 * <p>Threading: subclasses must be thread safe: {@link #recognises} and {@link #controlTimestamp}
 * are called from the threads that drive the servers (a network server's event loops) and from
 * whatever thread calls {@link #notifyChanged()}, and should be quick and not block. {@link
 * #notifyChanged()} may be called from any thread; servers react on that thread.
 */
public abstract class TimelineSource {
  private static final Logger log = LoggerFactory.getLogger(TimelineSource.class);

  /** Hears that a source's control timestamp may have changed. */
  @FunctionalInterface
  public interface Sink {
    /**
     * The source's control timestamp may have changed; called on the thread that noticed.
     *
     * @param source the source
     */
    void timelineChanged(TimelineSource source);
  }

  private final CopyOnWriteArrayList<Sink> sinks = new CopyOnWriteArrayList<>();

  /** For subclasses. */
  protected TimelineSource() {}

  /**
   * Whether this source serves a timeline selector.
   *
   * @param timelineSelector the selector a companion asked for
   * @return true if {@link #controlTimestamp} answers for it
   */
  public abstract boolean recognises(String timelineSelector);

  /**
   * The current control timestamp of a timeline this source {@linkplain #recognises recognises}.
   *
   * @param timelineSelector the selector
   * @return the control timestamp (wall clock times in wall clock ticks, content times in timeline
   *     ticks), or null if the source is not ready yet: then nothing is sent until it calls {@link
   *     #notifyChanged()} and answers
   */
  public abstract @Nullable ControlTimestamp controlTimestamp(String timelineSelector);

  /**
   * A selector came into use on a server this source is attached to (its first companion, or this
   * source was attached while companions use it). Default: nothing.
   *
   * @param timelineSelector the selector
   */
  public void selectorNeeded(String timelineSelector) {}

  /**
   * A selector went out of use on a server this source is attached to (its last companion left, or
   * this source was detached). Default: nothing.
   *
   * @param timelineSelector the selector
   */
  public void selectorNotNeeded(String timelineSelector) {}

  /**
   * Registers a sink: the server calls this when the source is attached to it.
   *
   * @param sink hears {@link #notifyChanged()}
   */
  public final void addSink(Sink sink) {
    boolean first;
    synchronized (sinks) {
      first = sinks.isEmpty();
      sinks.add(sink);
    }
    if (first) {
      firstSinkAdded();
    }
  }

  /**
   * Unregisters a sink: the server calls this when the source is detached from it.
   *
   * @param sink a sink added before
   */
  public final void removeSink(Sink sink) {
    boolean last;
    synchronized (sinks) {
      last = sinks.remove(sink) && sinks.isEmpty();
    }
    if (last) {
      lastSinkRemoved();
    }
  }

  /**
   * Tells every sink (server) that this source's control timestamp may have changed. Any thread.
   */
  protected final void notifyChanged() {
    for (Sink sink : sinks) {
      try {
        sink.timelineChanged(this);
      } catch (RuntimeException e) {
        log.warn("timeline source sink threw; carrying on", e);
      }
    }
  }

  /** The first sink was added. Default: nothing. */
  protected void firstSinkAdded() {}

  /** The last sink was removed. Default: nothing. */
  protected void lastSinkRemoved() {}
}
