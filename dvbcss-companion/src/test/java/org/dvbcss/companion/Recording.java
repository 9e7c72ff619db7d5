package org.dvbcss.companion;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dvbcss.clock.TunableClock;
import org.dvbcss.protocol.Deviation;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.CiiProperty;
import org.dvbcss.protocol.companion.TsTarget;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/** Records what a companion tells its listener and logs, for the tests. Thread safe. */
final class Recording implements Companion.Listener, AutoCloseable {
  final List<Deviation> deviations = new CopyOnWriteArrayList<>();
  final List<String> rejected = new CopyOnWriteArrayList<>();
  final List<CiiProperty> ciiChanges = new CopyOnWriteArrayList<>();
  final List<@Nullable TsTarget> following = new CopyOnWriteArrayList<>();
  final List<String> ts = new CopyOnWriteArrayList<>();
  final List<String> cii = new CopyOnWriteArrayList<>();

  private final Logger logger = (Logger) LoggerFactory.getLogger(Companion.class);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  Recording() {
    appender.start();
    logger.addAppender(appender);
  }

  @Override
  public void deviation(Deviation kind) {
    deviations.add(kind);
  }

  @Override
  public void rejected(String protocol, String reason) {
    rejected.add(protocol + ": " + reason);
  }

  @Override
  public void ciiChanged(CiiProperty property, Cii before, Cii after) {
    ciiChanges.add(property);
  }

  @Override
  public void following(@Nullable TsTarget target) {
    following.add(target);
  }

  @Override
  public void ciiConnected() {
    cii.add("connected");
  }

  @Override
  public void ciiDisconnected(int code, String reason) {
    cii.add("disconnected " + code);
  }

  @Override
  public void tsConnected() {
    ts.add("connected");
  }

  @Override
  public void tsDisconnected(int code, String reason) {
    ts.add("disconnected " + code);
  }

  /** The companion's log lines at WARN, in order. */
  List<String> warnings() {
    List<ILoggingEvent> events;
    synchronized (appender) { // appenders append under their own lock
      events = List.copyOf(appender.list);
    }
    return events.stream()
        .filter(e -> e.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  /** The warnings that start with {@code prefix}. */
  List<String> warnings(String prefix) {
    return warnings().stream().filter(w -> w.startsWith(prefix)).toList();
  }

  /** Whether the companion is within its error bound (and 1 ms) of the TV's timeline now. */
  static boolean within(Companion companion, TunableClock truth) {
    try {
      CompanionTest.assertWithinErrorBound(companion, truth);
      return companion.wallClockDispersion() < 0.001;
    } catch (AssertionError e) {
      return false;
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
  }
}
