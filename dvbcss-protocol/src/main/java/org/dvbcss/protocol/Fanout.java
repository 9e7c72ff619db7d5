package org.dvbcss.protocol;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one step for each of many sessions on the thread that owns the session, with one hand-over
 * per owning thread: how a change reaches every companion with one task per event loop, instead of
 * one task (and one queue insertion and wake-up) per companion. The step for a session whose
 * executor is {@link #CALLER} runs at once on the calling thread.
 *
 * <p>Order: the steps handed to one executor run in the order of {@code sessions}; steps of two
 * calls run in the order of the calls on every executor that runs tasks in order (as event loops
 * do). A call returns once the tasks are handed over, before they have run.
 *
 * <p>A step that throws is logged and skipped; the other sessions still get theirs. An executor
 * that refuses the task (it is shutting down) gets its steps run on the calling thread instead, so
 * no session misses a step.
 *
 * <p>Stateless; thread safe.
 */
public final class Fanout {
  private static final Logger log = LoggerFactory.getLogger(Fanout.class);

  /** The executor of sessions that have no thread of their own: their steps run on the caller's. */
  public static final Executor CALLER = Runnable::run;

  private Fanout() {}

  /**
   * Runs {@code step} for every session, each on its own executor, one task per executor.
   *
   * @param sessions the sessions; read once, on the calling thread
   * @param executorOf each session's executor ({@link #CALLER} to run its step now)
   * @param step what to do for one session; runs on the session's executor
   * @param <S> the session type
   */
  public static <S> void forEach(
      Iterable<? extends S> sessions, Function<? super S, Executor> executorOf, Consumer<S> step) {
    Map<Executor, List<S>> groups = new IdentityHashMap<>();
    for (S session : sessions) {
      Executor executor = executorOf.apply(session);
      if (executor == CALLER) {
        run(step, session);
      } else {
        groups.computeIfAbsent(executor, e -> new ArrayList<>()).add(session);
      }
    }
    groups.forEach(
        (executor, group) -> {
          Runnable task = () -> group.forEach(s -> run(step, s));
          try {
            executor.execute(task);
          } catch (RejectedExecutionException e) {
            task.run(); // shutting down: its sessions are closing, and sending does nothing
          }
        });
  }

  private static <S> void run(Consumer<S> step, S session) {
    try {
      step.accept(session);
    } catch (RuntimeException e) {
      log.warn("a step for session {} threw; carrying on with the others", session, e);
    }
  }
}
