package org.dvbcss.net.internal;

import java.util.function.Consumer;
import org.slf4j.Logger;

/** Calling listeners so that one that throws never stops the others or the caller. Not API. */
public final class Listeners {
  private Listeners() {}

  /**
   * Calls {@code call} on every listener, in order. A listener that throws is logged at warn (as
   * "{@code what} threw; carrying on") and the others still run.
   *
   * @param listeners the listeners
   * @param call what to call on each
   * @param log where to log a failure
   * @param what names the listener kind in the log
   * @param <L> the listener type
   */
  public static <L> void tell(Iterable<L> listeners, Consumer<L> call, Logger log, String what) {
    for (L listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        log.warn("{} threw; carrying on", what, e);
      }
    }
  }
}
