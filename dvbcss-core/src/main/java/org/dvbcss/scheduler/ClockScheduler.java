package org.dvbcss.scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.dvbcss.clock.Clock;
import org.dvbcss.clock.ClockListener;
import org.dvbcss.clock.TimeSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks when clocks reach tick values, recomputing due times whenever a clock changes.
 *
 * <p><b>Due times.</b> A task for tick value {@code T} of clock {@code C} is due when the time
 * source reads at least {@code C.calcWhen(T)} nanoseconds. Tasks already past due run at the next
 * turn; tasks due at the same time run in the order they were submitted. A clock at speed 0 that
 * does not already read {@code T} never reaches it ({@code calcWhen} is NaN): its tasks wait, out
 * of the queue, until the clock changes. The scheduler listens to every clock that has pending
 * tasks (one listener per clock, removed when the clock has none left); any change to the clock or
 * an ancestor (speed, correlation, tick rate, parent, error, availability) marks the clock dirty,
 * and the next {@link #runDueTasks()} recomputes the due times of its tasks. <b>Availability does
 * not hold tasks back</b>: an unavailable clock's tasks fire by its correlation, as in the
 * reference implementation. A clock moved into a tree with a different time source holds its tasks
 * until it comes back.
 *
 * <p><b>Two modes.</b> {@link #start(TimeSource)} starts one daemon thread, named {@value
 * #THREAD_NAME}, that runs the tasks. It never spins: with a real-time source it parks until the
 * earliest due time or a wake-up; with a source that is not real time (such as {@code
 * ManualTimeSource}) it parks until the source advances or a task is added or a clock changes.
 * {@link #manual(TimeSource)} starts no thread: tasks run only when the caller calls {@link
 * #runDueTasks()}, which makes tests and simulations deterministic.
 *
 * <p><b>Threading.</b> Thread safe. {@link #runAt}, {@link ScheduledTask#cancel()}, {@link
 * #pendingCount()}, {@link #failedTaskCount()} and {@link #close()} may be called from any thread,
 * including from inside a task; they take a short internal lock, never held while a task runs.
 * Clock listeners only set a flag and wake the thread, so changing a clock from any thread is cheap
 * and cannot deadlock with the scheduler. Tasks run on the scheduler thread (threaded mode) or on
 * the thread calling {@link #runDueTasks()} (manual mode), one at a time. A task that throws is
 * logged at warn and counted ({@link #failedTaskCount()}); the scheduler carries on.
 *
 * <p><b>Closing.</b> {@link #close()} cancels every pending task, stops the thread and wakes every
 * thread blocked in {@link #sleepUntil} or {@link #sleepFor}, which then throws a {@link
 * CancellationException} saying the scheduler closed.
 */
public final class ClockScheduler implements AutoCloseable {
  /** The name of the thread started by {@link #start(TimeSource)}. */
  public static final String THREAD_NAME = "dvbcss-scheduler";

  private static final Logger log = LoggerFactory.getLogger(ClockScheduler.class);
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);
  private static final int PENDING = 0;
  private static final int RUNNING = 1;
  private static final int RAN = 2;
  private static final int CANCELLED = 3;

  private final TimeSource source;
  private final @Nullable Thread thread;
  private final Runnable wakeUp = this::wake;

  /** Guards the heap, the clock entries, the sequence counter and {@link #closed}. */
  private final ReentrantLock lock = new ReentrantLock();

  /** Held for a whole {@link #runDueTasks()} call, so tasks never run concurrently. */
  private final ReentrantLock runLock = new ReentrantLock();

  private final Map<Clock, ClockEntry> entries = new IdentityHashMap<>();
  private final ConcurrentLinkedQueue<ClockEntry> dirty = new ConcurrentLinkedQueue<>();
  private final AtomicLong failed = new AtomicLong();
  private Task[] heap = new Task[16];
  private int heapSize;
  private int pending;
  private long nextSeq;
  private volatile boolean closed;

  private ClockScheduler(TimeSource source, boolean threaded) {
    this.source = source;
    if (threaded) {
      Thread t = new Thread(this::loop, THREAD_NAME);
      t.setDaemon(true);
      this.thread = t;
      if (!source.isRealTime()) {
        source.addAdvanceListener(wakeUp);
      }
      t.start();
    } else {
      this.thread = null;
    }
  }

  /**
   * Starts a scheduler with its own daemon thread, named {@value #THREAD_NAME}, which runs the
   * tasks.
   *
   * @param source the time source of every clock this scheduler will serve
   * @return the running scheduler; close it to stop the thread
   */
  public static ClockScheduler start(TimeSource source) {
    return new ClockScheduler(source, true);
  }

  /**
   * Creates a scheduler without a thread: tasks run only when the caller calls {@link
   * #runDueTasks()}.
   *
   * @param source the time source of every clock this scheduler will serve
   * @return the scheduler
   */
  public static ClockScheduler manual(TimeSource source) {
    return new ClockScheduler(source, false);
  }

  /**
   * The time source due times are measured on.
   *
   * @return the source given at creation
   */
  public TimeSource timeSource() {
    return source;
  }

  /**
   * Schedules a task to run once, when {@code clock} reaches {@code ticks}. If it already has, the
   * task runs at the next turn.
   *
   * @param clock the clock to watch; its root must read this scheduler's time source
   * @param ticks the tick value of {@code clock} to wait for, not NaN
   * @param task what to run, on the scheduler thread (or the caller of {@link #runDueTasks()})
   * @return a handle to cancel or inspect the task
   * @throws IllegalArgumentException if {@code clock.timeSource()} is not this scheduler's source,
   *     or {@code ticks} is NaN
   * @throws IllegalStateException if the scheduler is closed
   */
  public ScheduledTask runAt(Clock clock, double ticks, Runnable task) {
    return submit(clock, ticks, task, null);
  }

  /**
   * Blocks the calling thread until {@code clock} reaches {@code ticks}. Returns at once if it
   * already has. In manual mode another thread must call {@link #runDueTasks()} to release it.
   *
   * @param clock the clock to watch; its root must read this scheduler's time source
   * @param ticks the tick value of {@code clock} to wait for, not NaN
   * @throws InterruptedException if the thread is interrupted while waiting; the wait is cancelled
   * @throws CancellationException if the scheduler closes while waiting
   * @throws IllegalArgumentException as for {@link #runAt}
   * @throws IllegalStateException if the scheduler is closed, or if called on the scheduler thread
   *     (which would wait for itself)
   */
  public void sleepUntil(Clock clock, double ticks) throws InterruptedException {
    if (Thread.currentThread() == thread) {
      throw new IllegalStateException("sleepUntil on the scheduler thread would never return");
    }
    validate(clock, ticks);
    if (!closed && clock.calcWhen(ticks) <= source.nanoTime()) {
      return;
    }
    CountDownLatch latch = new CountDownLatch(1);
    Task task = submit(clock, ticks, () -> {}, latch);
    try {
      latch.await();
    } catch (InterruptedException e) {
      task.cancel();
      throw e;
    }
    if (task.isCancelled()) {
      throw new CancellationException("the scheduler closed while waiting");
    }
  }

  /**
   * Blocks the calling thread until {@code clock} reads its reading at the call plus {@code
   * numTicks}. See {@link #sleepUntil}.
   *
   * @param clock the clock to watch; its root must read this scheduler's time source
   * @param numTicks how many ticks of {@code clock} to wait for
   * @throws InterruptedException if the thread is interrupted while waiting; the wait is cancelled
   * @throws CancellationException if the scheduler closes while waiting
   * @throws IllegalArgumentException as for {@link #runAt}, or if {@code numTicks} is NaN
   * @throws IllegalStateException as for {@link #sleepUntil}
   */
  public void sleepFor(Clock clock, double numTicks) throws InterruptedException {
    if (Double.isNaN(numTicks)) {
      throw new IllegalArgumentException("numTicks is NaN");
    }
    sleepUntil(clock, clock.ticks() + numTicks);
  }

  /**
   * Applies pending clock changes (recomputing due times), then runs every task that is due now, in
   * due-time order, on the calling thread. Tasks that become due while this call runs (because time
   * moved, or a task changed a clock or scheduled another task) also run in this call, so a task
   * that keeps scheduling past-due tasks keeps this call going. Concurrent calls (manual mode) are
   * serialised: tasks never run two at a time.
   *
   * @return how many tasks ran (including those that threw)
   * @throws IllegalStateException in threaded mode, when called from any thread but the scheduler
   *     thread
   */
  public int runDueTasks() {
    if (thread != null && Thread.currentThread() != thread) {
      throw new IllegalStateException(
          "only the scheduler thread runs tasks of a started scheduler");
    }
    runLock.lock();
    try {
      int ran = 0;
      while (true) {
        Task task;
        lock.lock();
        try {
          applyClockChanges();
          if (heapSize == 0 || !(heap[0].due <= source.nanoTime())) {
            return ran;
          }
          task = heap[0];
          removeFromHeap(task);
          removeFromEntry(task);
          task.state = RUNNING;
        } finally {
          lock.unlock();
        }
        runOne(task);
        ran++;
      }
    } finally {
      runLock.unlock();
    }
  }

  /**
   * How many tasks wait to run, including those held by a paused clock.
   *
   * @return the number of pending tasks
   */
  public int pendingCount() {
    lock.lock();
    try {
      return pending;
    } finally {
      lock.unlock();
    }
  }

  /**
   * How many tasks threw instead of returning normally.
   *
   * @return the count since creation
   */
  public long failedTaskCount() {
    return failed.get();
  }

  /**
   * Cancels every pending task, removes the scheduler's listeners, wakes every sleeper (which then
   * throws {@link CancellationException}) and stops the thread, waiting up to 5 s for it to end
   * (not waiting when called from a task). Closing twice does nothing.
   */
  @Override
  public void close() {
    List<Task> cancelled = new ArrayList<>();
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (ClockEntry entry : entries.values()) {
        entry.clock.removeListener(entry);
        for (Task task : entry.tasks) {
          task.state = CANCELLED;
          task.heapIndex = -1;
          task.entryIndex = -1;
          cancelled.add(task);
        }
      }
      entries.clear();
      dirty.clear();
      heap = new Task[16];
      heapSize = 0;
      pending = 0;
    } finally {
      lock.unlock();
    }
    for (Task task : cancelled) {
      task.finished();
    }
    Thread t = thread;
    if (t != null) {
      source.removeAdvanceListener(wakeUp);
      LockSupport.unpark(t);
      if (Thread.currentThread() != t) {
        try {
          t.join(JOIN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
          log.warn("scheduler thread did not stop within {}; a task may be stuck", JOIN_TIMEOUT);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "ClockScheduler["
        + (thread == null ? "manual" : "threaded")
        + ", "
        + source
        + ", pending="
        + pendingCount()
        + (closed ? ", closed" : "")
        + "]";
  }

  // ---------------------------------------------------------------------------------------------

  private void validate(Clock clock, double ticks) {
    if (Double.isNaN(ticks)) {
      throw new IllegalArgumentException("ticks is NaN");
    }
    if (clock.timeSource() != source) {
      throw new IllegalArgumentException(
          "clock " + clock + " reads " + clock.timeSource() + ", not the scheduler's " + source);
    }
  }

  private Task submit(
      Clock clock, double ticks, Runnable runnable, @Nullable CountDownLatch latch) {
    validate(clock, ticks);
    Task task = new Task(clock, ticks, runnable, latch);
    boolean first;
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("scheduler closed");
      }
      task.seq = nextSeq++;
      ClockEntry entry = entries.get(clock);
      if (entry == null) {
        entry = new ClockEntry(clock);
        entries.put(clock, entry);
        // Listen before computing the due time, so a concurrent change is not missed.
        clock.addListener(entry);
      }
      task.entryIndex = entry.tasks.size();
      entry.tasks.add(task);
      pending++;
      task.due = dueTime(clock, ticks);
      if (!Double.isNaN(task.due)) {
        addToHeap(task);
      }
      first = task.heapIndex == 0;
    } finally {
      lock.unlock();
    }
    if (first) {
      wake();
    }
    return task;
  }

  private double dueTime(Clock clock, double ticks) {
    try {
      return clock.calcWhen(ticks);
    } catch (RuntimeException e) {
      log.warn("cannot compute when {} reaches {}; holding its tasks", clock, ticks, e);
      return Double.NaN;
    }
  }

  /** Recomputes the due times of the tasks of every clock that changed. Holds {@link #lock}. */
  private void applyClockChanges() {
    ClockEntry entry;
    while ((entry = dirty.poll()) != null) {
      entry.dirty.set(false);
      if (entry.tasks.isEmpty() || entries.get(entry.clock) != entry) {
        continue;
      }
      boolean sameSource;
      try {
        sameSource = entry.clock.timeSource() == source;
      } catch (RuntimeException e) {
        sameSource = false;
      }
      if (!sameSource) {
        log.warn("{} no longer reads {}; holding its tasks until it does", entry.clock, source);
      }
      for (Task task : entry.tasks) {
        double due = sameSource ? dueTime(entry.clock, task.ticks) : Double.NaN;
        task.due = due;
        if (Double.isNaN(due)) {
          if (task.heapIndex >= 0) {
            removeFromHeap(task);
          }
        } else if (task.heapIndex < 0) {
          addToHeap(task);
        } else {
          int i = task.heapIndex;
          siftUp(i);
          if (task.heapIndex == i) {
            siftDown(i);
          }
        }
      }
    }
  }

  private void runOne(Task task) {
    try {
      task.runnable.run();
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      failed.incrementAndGet();
      log.warn("scheduled task at {} ticks of {} threw; carrying on", task.ticks, task.clock, e);
    } finally {
      task.state = RAN;
      task.finished();
    }
  }

  private void loop() {
    while (!closed) {
      try {
        runDueTasks();
      } catch (RuntimeException e) {
        log.warn("scheduler turn failed; carrying on", e);
      }
      long waitNanos; // < 0: until woken
      lock.lock();
      try {
        if (closed) {
          return;
        }
        if (!dirty.isEmpty()) {
          continue;
        }
        if (heapSize == 0 || !source.isRealTime()) {
          waitNanos = -1;
        } else {
          double delta = Math.ceil(heap[0].due - source.nanoTime());
          if (delta <= 0) {
            continue;
          }
          waitNanos = (long) delta;
        }
      } finally {
        lock.unlock();
      }
      if (waitNanos < 0) {
        LockSupport.park(this);
      } else {
        LockSupport.parkNanos(this, waitNanos);
      }
      // A task may have interrupted this thread; interrupts mean nothing to the scheduler.
      Thread.interrupted();
    }
  }

  private void wake() {
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /** Cancels a task. Called without {@link #lock}. */
  private boolean cancel(Task task) {
    lock.lock();
    try {
      if (task.state != PENDING) {
        return false;
      }
      task.state = CANCELLED;
      if (task.heapIndex >= 0) {
        removeFromHeap(task);
      }
      removeFromEntry(task);
    } finally {
      lock.unlock();
    }
    task.finished();
    return true;
  }

  /** Removes a task from its clock's list; stops listening to the clock if it was the last one. */
  private void removeFromEntry(Task task) {
    int i = task.entryIndex;
    if (i < 0) {
      return;
    }
    ClockEntry entry = entries.get(task.clock);
    if (entry == null) {
      return;
    }
    List<Task> tasks = entry.tasks;
    Task last = tasks.remove(tasks.size() - 1);
    if (last != task) {
      tasks.set(i, last);
      last.entryIndex = i;
    }
    task.entryIndex = -1;
    pending--;
    if (tasks.isEmpty()) {
      entries.remove(task.clock);
      task.clock.removeListener(entry);
    }
  }

  // ----- indexed binary min-heap ordered by (due, seq); guarded by lock -----

  private static boolean less(Task a, Task b) {
    return a.due < b.due || (a.due == b.due && a.seq < b.seq);
  }

  private void addToHeap(Task task) {
    if (heapSize == heap.length) {
      heap = Arrays.copyOf(heap, heapSize * 2);
    }
    heap[heapSize] = task;
    task.heapIndex = heapSize;
    heapSize++;
    siftUp(heapSize - 1);
  }

  private void removeFromHeap(Task task) {
    int i = task.heapIndex;
    heapSize--;
    Task last = heap[heapSize];
    heap[heapSize] = null;
    task.heapIndex = -1;
    if (last != task) {
      heap[i] = last;
      last.heapIndex = i;
      siftUp(i);
      if (last.heapIndex == i) {
        siftDown(i);
      }
    }
  }

  private void siftUp(int i) {
    Task task = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      Task p = heap[parent];
      if (!less(task, p)) {
        break;
      }
      heap[i] = p;
      p.heapIndex = i;
      i = parent;
    }
    heap[i] = task;
    task.heapIndex = i;
  }

  private void siftDown(int i) {
    Task task = heap[i];
    int half = heapSize >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      Task c = heap[child];
      int right = child + 1;
      if (right < heapSize && less(heap[right], c)) {
        child = right;
        c = heap[child];
      }
      if (!less(c, task)) {
        break;
      }
      heap[i] = c;
      c.heapIndex = i;
      i = child;
    }
    heap[i] = task;
    task.heapIndex = i;
  }

  /** The scheduler's listener on one clock, and that clock's pending tasks. */
  private final class ClockEntry implements ClockListener {
    final Clock clock;
    final List<Task> tasks = new ArrayList<>();
    final AtomicBoolean dirty = new AtomicBoolean();

    ClockEntry(Clock clock) {
      this.clock = clock;
    }

    /** Called on whichever thread changed the clock: marks it dirty and wakes the thread. */
    @Override
    public void clockChanged(Clock changed, Clock cause) {
      if (dirty.compareAndSet(false, true)) {
        ClockScheduler.this.dirty.add(this);
        wake();
      }
    }
  }

  /** A scheduled task. Fields other than {@code state} are guarded by the scheduler's lock. */
  private final class Task implements ScheduledTask {
    final Clock clock;
    final double ticks;
    final Runnable runnable;
    final @Nullable CountDownLatch latch;
    volatile int state = PENDING;
    long seq;
    double due = Double.NaN;
    int heapIndex = -1;
    int entryIndex = -1;

    Task(Clock clock, double ticks, Runnable runnable, @Nullable CountDownLatch latch) {
      this.clock = clock;
      this.ticks = ticks;
      this.runnable = runnable;
      this.latch = latch;
    }

    void finished() {
      if (latch != null) {
        latch.countDown();
      }
    }

    @Override
    public boolean cancel() {
      return ClockScheduler.this.cancel(this);
    }

    @Override
    public boolean isDone() {
      int s = state;
      return s == RAN || s == CANCELLED;
    }

    @Override
    public boolean isCancelled() {
      return state == CANCELLED;
    }

    @Override
    public Clock clock() {
      return clock;
    }

    @Override
    public double ticks() {
      return ticks;
    }

    @Override
    public String toString() {
      return "ScheduledTask[" + ticks + " ticks of " + clock + ", state=" + state + "]";
    }
  }
}
