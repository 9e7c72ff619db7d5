package org.dvbcss.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Fanout}: one task per executor, every session once, in order, on its own executor. */
class FanoutTest {
  /** An executor that queues tasks until told to run them, and says which ran where. */
  private static final class Queued implements Executor {
    final String name;
    final Queue<Runnable> tasks = new ArrayDeque<>();
    int handedOver;
    String running = "";

    Queued(String name) {
      this.name = name;
    }

    @Override
    public void execute(Runnable task) {
      handedOver++;
      tasks.add(task);
    }

    void runAll() {
      running = name;
      while (!tasks.isEmpty()) {
        tasks.poll().run();
      }
      running = "";
    }
  }

  private record Session(int id, Executor executor) {}

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void everySessionGetsItsStepOnceOnItsOwnExecutorWithOneTaskPerExecutor(long seed) {
    Random random = new Random(seed);
    List<Queued> loops = List.of(new Queued("a"), new Queued("b"), new Queued("c"));
    List<Session> sessions = new ArrayList<>();
    int n = 1 + random.nextInt(500);
    for (int i = 0; i < n; i++) {
      int pick = random.nextInt(4);
      sessions.add(new Session(i, pick == 3 ? Fanout.CALLER : loops.get(pick)));
    }
    List<String> ran = new ArrayList<>(); // "id@thread"
    Fanout.forEach(
        sessions,
        Session::executor,
        s -> {
          String where = "caller";
          for (Queued q : loops) {
            if (!q.running.isEmpty()) {
              where = q.running;
            }
          }
          ran.add(s.id() + "@" + where);
        });
    // the caller's sessions ran at once, in order; the others wait for their loops
    List<String> atOnce = List.copyOf(ran);
    assertThat(atOnce)
        .containsExactlyElementsOf(
            sessions.stream()
                .filter(s -> s.executor() == Fanout.CALLER)
                .map(s -> s.id() + "@caller")
                .toList());
    for (Queued q : loops) {
      boolean any = sessions.stream().anyMatch(s -> s.executor() == q);
      assertThat(q.handedOver).as("tasks handed to %s", q.name).isEqualTo(any ? 1 : 0);
      q.runAll();
    }
    Map<Integer, List<String>> byId =
        ran.stream().collect(Collectors.groupingBy(r -> Integer.parseInt(r.split("@")[0])));
    assertThat(byId).hasSize(n);
    for (Session s : sessions) {
      String expected = s.executor() == Fanout.CALLER ? "caller" : ((Queued) s.executor()).name;
      assertThat(byId.get(s.id())).containsExactly(s.id() + "@" + expected);
    }
    // on each loop, in the order of the sessions
    for (Queued q : loops) {
      List<Integer> order =
          ran.stream()
              .filter(r -> r.endsWith("@" + q.name))
              .map(r -> Integer.parseInt(r.split("@")[0]))
              .toList();
      assertThat(order).isSorted();
    }
  }

  @Test
  void aStepThatThrowsDoesNotStopTheOthers() {
    Queued loop = new Queued("a");
    List<Integer> ran = new ArrayList<>();
    List<Session> sessions =
        List.of(new Session(1, loop), new Session(2, loop), new Session(3, loop));
    Fanout.forEach(
        sessions,
        Session::executor,
        s -> {
          if (s.id() == 2) {
            throw new IllegalStateException("boom");
          }
          ran.add(s.id());
        });
    loop.runAll();
    assertThat(ran).containsExactly(1, 3);
  }

  @Test
  void anExecutorThatRefusesGetsItsStepsRunOnTheCaller() {
    Executor refusing =
        task -> {
          throw new RejectedExecutionException("shutting down");
        };
    List<Integer> ran = new ArrayList<>();
    Fanout.forEach(
        List.of(new Session(1, refusing), new Session(2, refusing)),
        Session::executor,
        s -> ran.add(s.id()));
    assertThat(ran).containsExactly(1, 2);
  }
}
