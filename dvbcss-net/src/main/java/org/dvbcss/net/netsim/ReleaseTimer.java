package org.dvbcss.net.netsim;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks at {@link System#nanoTime()} times on one dedicated thread: a priority queue by time
 * (ties in the order scheduled), a park until shortly before the first, then a spin to it ({@link
 * Release}). A task that throws is logged and the timer carries on.
 *
 * <p>Thread safe: {@link #schedule} may be called from any thread.
 */
final class ReleaseTimer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReleaseTimer.class);

  private record Item(long atNanos, long seq, Runnable task) {}

  private final PriorityQueue<Item> queue =
      new PriorityQueue<>(
          (a, b) ->
              a.atNanos != b.atNanos
                  ? Long.compare(a.atNanos, b.atNanos)
                  : Long.compare(a.seq, b.seq));
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Thread thread;
  private long seq;
  private volatile boolean closed;

  ReleaseTimer(String name) {
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Runs a task at a time (at once if the time has passed).
   *
   * @param atNanos a {@link System#nanoTime()} reading
   * @param task what to run, on the timer's thread
   */
  void schedule(long atNanos, Runnable task) {
    lock.lock();
    try {
      queue.add(new Item(atNanos, seq++, task));
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    List<Item> due = new ArrayList<>();
    while (!closed) {
      long next;
      lock.lock();
      try {
        Item head = queue.peek();
        if (head == null) {
          changed.await();
          continue;
        }
        long remaining = head.atNanos - System.nanoTime();
        if (remaining > Release.SPIN_NANOS) {
          changed.awaitNanos(remaining - Release.SPIN_NANOS);
          continue;
        }
        next = head.atNanos;
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      Release.awaitUntil(next, () -> closed);
      lock.lock();
      try {
        long now = System.nanoTime();
        while (!queue.isEmpty() && queue.peek().atNanos <= now) {
          due.add(queue.poll());
        }
      } finally {
        lock.unlock();
      }
      for (Item item : due) {
        try {
          item.task.run();
        } catch (RuntimeException e) {
          log.warn("a release failed; carrying on", e);
        }
      }
      due.clear();
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
