package org.dvbcss.tools.companion;

import java.io.BufferedReader;
import java.io.Reader;
import java.io.Writer;
import java.util.Locale;
import org.dvbcss.clock.TimeSource;
import org.dvbcss.companion.Companion;
import org.dvbcss.companion.player.LinePlayer;
import org.dvbcss.companion.player.Player;
import org.dvbcss.companion.player.PlayerSynchroniser;
import org.dvbcss.companion.player.SimulatedPlayer;
import org.dvbcss.companion.player.SyncConfig;
import org.dvbcss.companion.player.SyncReport;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/**
 * The companion command's {@code --player} option: keep a media player in step with the TV's
 * timeline ({@link PlayerSynchroniser}). {@code sim} drives a {@link SimulatedPlayer} (its faults
 * at their defaults); {@code stdio} drives an external player over the {@link LinePlayer} line
 * protocol on standard output (commands) and standard input (its answers), and the command's own
 * lines then go to standard error. The status line gains the player's state and error.
 *
 * <p>Not thread safe: picocli fills it, the command starts it once.
 */
public final class PlayerOption {
  @Option(
      names = "--player",
      paramLabel = "KIND",
      description =
          "Keep a media player in step with the TV's timeline: sim (a simulated player with"
              + " 20 ms position steps, late rate changes and 150 ms seeks) or stdio (an external"
              + " player: commands on standard output, its answers on standard input; the"
              + " command's own lines go to standard error; see docs/player-sync.md). Default:"
              + " none.")
  private @Nullable String kind;

  /** A started synchroniser and its player. */
  public static final class Running implements AutoCloseable {
    private final PlayerSynchroniser sync;
    private final AutoCloseable ticking;
    private final @Nullable SimulatedPlayer sim;
    private final @Nullable LinePlayer line;

    private Running(
        PlayerSynchroniser sync, @Nullable SimulatedPlayer sim, @Nullable LinePlayer line) {
      this.sync = sync;
      this.sim = sim;
      this.line = line;
      this.ticking = sync.start();
    }

    /**
     * The synchroniser.
     *
     * @return it
     */
    public PlayerSynchroniser synchroniser() {
      return sync;
    }

    private String playerState() {
      SimulatedPlayer s = sim;
      if (s != null) {
        return s.state();
      }
      LinePlayer l = line;
      return l == null ? "-" : l.ended() ? "stdio ended" : "stdio";
    }

    /**
     * The status line's part: {@code player <state> <controller state> error <ms> within <%>}.
     *
     * @return the text
     */
    public String statusText() {
      SyncReport r = sync.report();
      return String.format(
          Locale.ROOT,
          "player %s  %s  error %s  within %s",
          playerState(),
          r.state().name().toLowerCase(Locale.ROOT),
          Double.isNaN(r.errorSeconds())
              ? "unknown"
              : String.format(Locale.ROOT, "%+.3f ms", r.errorSeconds() * 1e3),
          Double.isNaN(r.shareWithinTarget())
              ? "-"
              : String.format(Locale.ROOT, "%.1f %%", r.shareWithinTarget() * 100));
    }

    /**
     * Puts the player's figures into a JSON status object, under {@code player}.
     *
     * @param status the status object
     */
    public void statusJson(ObjectNode status) {
      SyncReport r = sync.report();
      ObjectNode p = status.putObject("player");
      p.put("player_state", playerState());
      p.put("state", r.state().name().toLowerCase(Locale.ROOT));
      p.put("rate", r.rate());
      putNumber(p, "error_ms", r.errorSeconds() * 1e3);
      putNumber(p, "within_share", r.shareWithinTarget());
      p.put("seeks", r.seeks());
      p.put("error_alert", r.errorAlertActive());
      p.put("bound_alert", r.boundAlertActive());
    }

    private static void putNumber(ObjectNode o, String key, double v) {
      if (Double.isFinite(v)) {
        o.put(key, v);
      } else {
        o.putNull(key);
      }
    }

    /** Stops ticking. */
    @Override
    public void close() throws Exception {
      ticking.close();
      LinePlayer l = line;
      if (l != null) {
        l.close();
      }
    }
  }

  /**
   * Whether the player's line protocol uses standard output (so the command must print elsewhere).
   *
   * @return true for {@code stdio}
   */
  public boolean usesStdout() {
    return "stdio".equals(kind);
  }

  /**
   * Checks the option.
   *
   * @return an error message, or null if the option is valid
   */
  public @Nullable String problem() {
    return kind == null || kind.equals("sim") || kind.equals("stdio")
        ? null
        : "--player must be sim or stdio, was " + kind;
  }

  /**
   * Starts synchronising the chosen player to the companion's timeline, if one was chosen.
   *
   * @param companion the companion
   * @param in the external player's answers ({@code stdio} only)
   * @param out where its commands go ({@code stdio} only)
   * @return the running synchroniser, or null if no player was chosen
   * @throws IllegalArgumentException if the option is not valid
   */
  public @Nullable Running start(Companion companion, Reader in, Writer out) {
    String p = problem();
    if (p != null) {
      throw new IllegalArgumentException(p);
    }
    if (kind == null) {
      return null;
    }
    SimulatedPlayer sim = null;
    LinePlayer line = null;
    Player player;
    if (kind.equals("sim")) {
      sim = new SimulatedPlayer(TimeSource.system(), SimulatedPlayer.Config.defaults());
      player = sim;
    } else {
      line = new LinePlayer(new BufferedReader(in), out, TimeSource.system());
      player = line;
    }
    return new Running(
        PlayerSynchroniser.forCompanion(companion, player, SyncConfig.defaults()), sim, line);
  }
}
