package org.dvbcss.tv;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.dvbcss.clock.Clock;
import org.dvbcss.net.ws.WebSocketEndpoint;
import org.dvbcss.net.ws.WebSocketSession;
import org.dvbcss.scheduler.ClockScheduler;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The TV page's feed at {@code /status}: pushes a {@link StatusSnapshot} to every page on connect,
 * every {@link #INTERVAL_NANOS} and at once after a control, and applies the {@link StatusCommand}s
 * pages send. A page that reads slowly is not queued for: while its session is not writable it is
 * only marked pending, and when it becomes writable again it gets the latest snapshot.
 *
 * <p>A bad command is answered {@code {"type":"error","message":...}} and counted; the session
 * stays open and other sessions are not affected.
 *
 * <p>Threading: thread safe. The callbacks run on the sessions' event loops, the periodic push on
 * the scheduler's thread; sends may come from either.
 */
final class StatusFeed implements WebSocketEndpoint {
  /** The feed's path. */
  static final String PATH = "/status";

  /** How often a snapshot is pushed, nanoseconds. */
  static final long INTERVAL_NANOS = 250_000_000L;

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private final Supplier<String> snapshot;
  private final Consumer<StatusCommand> control;
  private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicLong badCommands = new AtomicLong();

  /**
   * A feed.
   *
   * @param snapshot makes the JSON text of a snapshot now
   * @param control applies a command to the TV
   */
  StatusFeed(Supplier<String> snapshot, Consumer<StatusCommand> control) {
    this.snapshot = snapshot;
    this.control = control;
  }

  /**
   * Pushes a snapshot every {@link #INTERVAL_NANOS} on a scheduler until it closes.
   *
   * @param scheduler the scheduler
   * @param clock a clock on the scheduler's time source, ticking in nanoseconds
   */
  void schedule(ClockScheduler scheduler, Clock clock) {
    try {
      scheduler.runAt(
          clock,
          clock.ticks() + INTERVAL_NANOS * clock.tickRate() / 1e9,
          () -> {
            pushAll();
            schedule(scheduler, clock);
          });
    } catch (IllegalStateException closed) {
      // the TV has closed: no more pushes
    }
  }

  /**
   * How many bad commands pages have sent.
   *
   * @return a count
   */
  long badCommands() {
    return badCommands.get();
  }

  /**
   * How many pages are connected.
   *
   * @return a count
   */
  int sessionCount() {
    return sessions.size();
  }

  /** Sends the current snapshot to every page (or marks it pending). */
  void pushAll() {
    if (sessions.isEmpty()) {
      return;
    }
    String json = snapshot.get();
    for (WebSocketSession session : sessions) {
      offer(session, json);
    }
  }

  private static void offer(WebSocketSession session, String json) {
    if (session.isWritable()) {
      session.send(json);
    } else if (session.attachment() instanceof AtomicBoolean pending) {
      pending.set(true);
    }
  }

  @Override
  public void onOpen(WebSocketSession session) {
    session.attach(new AtomicBoolean());
    sessions.add(session);
    session.send(snapshot.get());
  }

  @Override
  public void onText(WebSocketSession session, String text) {
    StatusCommand command;
    try {
      command = StatusCommand.parse(text);
      control.accept(command);
    } catch (IllegalArgumentException e) {
      badCommands.incrementAndGet();
      ObjectNode error = MAPPER.createObjectNode();
      error.put("type", "error");
      error.put("message", String.valueOf(e.getMessage()));
      session.send(MAPPER.writeValueAsString(error));
      return;
    }
    pushAll();
  }

  @Override
  public void onWritable(WebSocketSession session) {
    if (session.attachment() instanceof AtomicBoolean pending && pending.getAndSet(false)) {
      session.send(snapshot.get());
    }
  }

  @Override
  public void onClose(WebSocketSession session, int code, String reason) {
    sessions.remove(session);
  }
}
