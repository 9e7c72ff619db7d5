package org.dvbcss.tools.accuracy;

import java.util.List;
import org.dvbcss.net.netsim.NetsimConfig;
import org.dvbcss.net.netsim.Script;
import org.jspecify.annotations.Nullable;

/**
 * What the route between the companion and the TV's CSS-WC server does to the traffic: nothing, or
 * a {@code dvbcss netsim} configuration.
 *
 * <p>Immutable and thread safe.
 *
 * @param netsim the impairment proxy's configuration; null for a direct route
 */
public record Impairment(@Nullable NetsimConfig netsim) {
  /** No impairment: the companion talks to the TV directly. */
  public static final Impairment DIRECT = new Impairment(null);

  /**
   * An impairment through netsim.
   *
   * @param config the proxy's configuration
   * @return the impairment
   */
  public static Impairment of(NetsimConfig config) {
    return new Impairment(config);
  }

  /**
   * The same impairment with its scripted times multiplied by {@code factor}.
   *
   * @param factor the scale, positive
   * @return the impairment
   */
  public Impairment scaled(double factor) {
    NetsimConfig config = netsim;
    if (config == null || config.script().changes().isEmpty()) {
      return this;
    }
    List<Script.Change> changes =
        config.script().changes().stream()
            .map(
                c -> {
                  long from = Math.round(c.fromNanos() * factor);
                  long until =
                      c.untilNanos() == Long.MAX_VALUE
                          ? Long.MAX_VALUE
                          : Math.max(from + 1, Math.round(c.untilNanos() * factor));
                  return new Script.Change(from, until, c.legs(), c.patch());
                })
            .toList();
    return new Impairment(config.toBuilder().script(new Script(changes)).build());
  }
}
