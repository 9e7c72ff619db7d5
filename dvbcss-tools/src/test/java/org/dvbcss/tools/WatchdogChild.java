package org.dvbcss.tools;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A child process for {@link SignalShutdownProcessTest}: installs {@link SignalShutdown} with the
 * bound given in milliseconds, prints "ready", then either finishes when asked to stop ({@code
 * finish}) or never finishes ({@code hang}), so that the watchdog has to end the process.
 */
final class WatchdogChild {
  private WatchdogChild() {}

  public static void main(String[] args) throws InterruptedException {
    PrintWriter out = new PrintWriter(System.out, true);
    Duration bound = Duration.ofMillis(Long.parseLong(args[0]));
    boolean finish = args[1].equals("finish");
    CountDownLatch stop = new CountDownLatch(1);
    SignalShutdown shutdown = SignalShutdown.install(out, bound, stop::countDown);
    out.println("ready");
    stop.await();
    if (finish) {
      out.println("finished");
      shutdown.close();
    } else {
      new CountDownLatch(1).await(); // never finishes: the watchdog ends the process
    }
  }
}
