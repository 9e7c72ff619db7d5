package org.dvbcss.companion.player;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.jspecify.annotations.Nullable;

/**
 * A whole synchronisation on virtual time, for tests, demos and plots: a TV's true timeline, the
 * companion's estimate of it (the same timeline on a wall clock that is off by a random step within
 * its bound, re-drawn every few seconds, as CSS-WC re-correlation makes it), a {@link
 * SimulatedPlayer} and a {@link PlayerSynchroniser} driving it, all on one {@link
 * ManualTimeSource}. Each {@link #step} advances the time, ticks the synchroniser once at a random
 * instant within the step (dithered, as {@link PlayerSynchroniser#start()} does) and measures, at
 * the step's end, the true error: what the player's output shows minus what the TV shows.
 *
 * <p>The timeline ticks at 90 kHz and starts at 0 playing at speed 1. Deterministic for one seed.
 *
 * <p>Not thread safe: drive it from one thread.
 */
public final class SyncSimulation {
  /** The timeline's tick rate, ticks per second. */
  public static final double TICK_RATE = 90000;

  private final ManualTimeSource time = new ManualTimeSource(1_000_000_000L);
  private final SysClock root = SysClock.builder().timeSource(time).build();
  private final CorrelatedClock trueWall = new CorrelatedClock(root, 1e9);
  private final CorrelatedClock companionWall = new CorrelatedClock(root, 1e9);
  private final CorrelatedClock tv = new CorrelatedClock(trueWall, TICK_RATE);
  private final CorrelatedClock companion = new CorrelatedClock(companionWall, TICK_RATE);
  private final SimulatedPlayer player;
  private final PlayerSynchroniser sync;
  private final SplittableRandom random;
  private final double wallErrorSeconds;
  private final double boundSeconds;
  private final long recorrelateNanos;
  private long nextRecorrelation;
  private final @Nullable Consumer<Runnable> aroundTick;
  private double trueError = Double.NaN;

  /**
   * A simulation.
   *
   * @param playerConfig the simulated player's faults
   * @param syncConfig the synchroniser's settings
   * @param wallErrorSeconds the companion's wall clock is off by up to this either way, seconds
   * @param boundSeconds the error bound the companion's timeline declares (its dispersion),
   *     seconds; at least {@code wallErrorSeconds} for an honest companion
   * @param recorrelateSeconds how often the wall clock's error is re-drawn, seconds
   * @param seed the seed of the wall clock's error
   * @param listener hears the synchroniser's alerts, or null
   */
  public SyncSimulation(
      SimulatedPlayer.Config playerConfig,
      SyncConfig syncConfig,
      double wallErrorSeconds,
      double boundSeconds,
      double recorrelateSeconds,
      long seed,
      AccuracyAlert.@Nullable Listener listener) {
    this(
        playerConfig,
        syncConfig,
        wallErrorSeconds,
        boundSeconds,
        recorrelateSeconds,
        seed,
        player -> player,
        builder -> {
          if (listener != null) {
            builder.listener(listener);
          }
        },
        null);
  }

  /**
   * A simulation whose synchroniser drives {@code wrap} of the simulated player, is built with
   * {@code customize} applied to its builder, and whose every tick runs through {@code aroundTick}
   * (given the tick to run), for tests that record what the synchroniser reads and does.
   */
  SyncSimulation(
      SimulatedPlayer.Config playerConfig,
      SyncConfig syncConfig,
      double wallErrorSeconds,
      double boundSeconds,
      double recorrelateSeconds,
      long seed,
      UnaryOperator<Player> wrap,
      Consumer<PlayerSynchroniser.Builder> customize,
      @Nullable Consumer<Runnable> aroundTick) {
    Objects.requireNonNull(playerConfig, "playerConfig");
    Objects.requireNonNull(syncConfig, "syncConfig");
    this.random = new SplittableRandom(seed);
    this.wallErrorSeconds = wallErrorSeconds;
    this.boundSeconds = boundSeconds;
    this.recorrelateNanos = Math.round(recorrelateSeconds * 1e9);
    this.player = new SimulatedPlayer(time, playerConfig);
    this.aroundTick = aroundTick;
    tv.setCorrelation(new Correlation(trueWall.ticks(), 0));
    copyToCompanion();
    recorrelate();
    PlayerSynchroniser.Builder b =
        PlayerSynchroniser.builder(wrap.apply(player)).timeline(companion).config(syncConfig);
    customize.accept(b);
    this.sync = b.build();
  }

  /**
   * A simulation with the default player and settings, a wall clock off by up to 1 ms, re-drawn
   * every 5 s, and a declared bound of 2 ms.
   *
   * @param seed the seed of the player and the wall clock
   * @return the simulation
   */
  public static SyncSimulation typical(long seed) {
    return new SyncSimulation(
        SimulatedPlayer.Config.defaults().withSeed(seed),
        SyncConfig.defaults(),
        0.001,
        0.002,
        5,
        seed,
        null);
  }

  private void copyToCompanion() {
    Correlation c = tv.correlation();
    companion.setCorrelationAndSpeed(
        new Correlation(c.parentTicks(), c.childTicks(), boundSeconds, 0), tv.speed());
  }

  private void recorrelate() {
    double e = wallErrorSeconds == 0 ? 0 : (random.nextDouble() * 2 - 1) * wallErrorSeconds;
    // the companion's wall clock reads the true one plus e
    companionWall.setCorrelation(new Correlation(0, e * 1e9));
    nextRecorrelation = time.nanoTime() + recorrelateNanos;
  }

  /**
   * Advances the time, re-draws the wall clock's error when due, ticks the synchroniser at a random
   * instant within the step and measures the true error at its end.
   *
   * @param nanos how far, nanoseconds
   */
  public void step(long nanos) {
    // the tick falls at a random instant of the step, as PlayerSynchroniser.start() dithers it
    long before = (long) (random.nextDouble() * nanos);
    time.advance(before);
    if (recorrelateNanos > 0 && time.nanoTime() >= nextRecorrelation) {
      recorrelate();
    }
    if (aroundTick == null) {
      sync.tick();
    } else {
      aroundTick.accept(sync::tick);
    }
    time.advance(nanos - before);
    trueError = player.presentedPosition() - tv.ticks() / TICK_RATE;
  }

  /**
   * The true error at the last step: the player's output position minus the TV's, seconds.
   *
   * @return seconds (NaN before the first step)
   */
  public double trueError() {
    return trueError;
  }

  /**
   * Whether the TV's timeline is available.
   *
   * @return true if it is
   */
  public boolean available() {
    return companion.isAvailable();
  }

  /**
   * Sets the TV's speed (0 pauses), as a TV control: both the true timeline and the companion's.
   *
   * @param speed the new speed
   */
  public void tvSpeed(double speed) {
    tv.rebaseCorrelationAtParentTicks(trueWall.ticks());
    tv.setSpeed(speed);
    copyToCompanion();
  }

  /**
   * Moves the TV's position, as a TV control.
   *
   * @param seconds how far, seconds of content (negative: back)
   */
  public void tvSeek(double seconds) {
    tv.rebaseCorrelationAtParentTicks(trueWall.ticks());
    Correlation c = tv.correlation();
    tv.setCorrelation(c.withTicks(c.parentTicks(), c.childTicks() + seconds * TICK_RATE));
    copyToCompanion();
  }

  /**
   * Makes the TV's timeline available or not (the companion loses or regains it).
   *
   * @param available whether it is available
   */
  public void tvAvailable(boolean available) {
    companion.setAvailability(available);
  }

  /**
   * The companion's estimate of the TV's timeline, which the synchroniser follows.
   *
   * @return the companion's timeline clock
   */
  public CorrelatedClock companionTimeline() {
    return companion;
  }

  /**
   * The TV's true timeline clock.
   *
   * @return the clock
   */
  public CorrelatedClock tvTimeline() {
    return tv;
  }

  /**
   * The virtual time.
   *
   * @return the time source
   */
  public ManualTimeSource time() {
    return time;
  }

  /**
   * The simulated player.
   *
   * @return the player
   */
  public SimulatedPlayer player() {
    return player;
  }

  /**
   * The synchroniser.
   *
   * @return the synchroniser
   */
  public PlayerSynchroniser synchroniser() {
    return sync;
  }
}
