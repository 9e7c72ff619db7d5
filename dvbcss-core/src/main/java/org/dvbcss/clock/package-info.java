/**
 * Clocks that carry an error bound, arranged in trees.
 *
 * <p>A tree has one root, a {@link org.dvbcss.clock.SysClock} reading an injectable {@link
 * org.dvbcss.clock.TimeSource}. Every other clock is derived from its parent: a {@link
 * org.dvbcss.clock.CorrelatedClock} maps parent ticks to its own ticks through a {@link
 * org.dvbcss.clock.Correlation} and a speed; a {@link org.dvbcss.clock.TunableClock} is a
 * correlated clock whose changes apply from "now" without a jump; a {@link
 * org.dvbcss.clock.RangeCorrelatedClock} interpolates between two correlations; an {@link
 * org.dvbcss.clock.OffsetClock} runs a fixed number of seconds ahead of its parent.
 *
 * <p>Units: tick values and tick rates are {@code double} (ticks, ticks per second); errors and
 * dispersions are seconds; error growth is seconds per second; frequency error is ppm; {@link
 * org.dvbcss.clock.Clock#calcWhen(double)} answers in nanoseconds of the root's time source. See
 * {@code docs/clocks.md} for the model and the numeric limits.
 *
 * <p>Threading: every clock may be read from any thread without locking. Changes to one clock are
 * atomic; listeners are called on the thread that made the change, after the change is visible.
 */
@NullMarked
package org.dvbcss.clock;

import org.jspecify.annotations.NullMarked;
