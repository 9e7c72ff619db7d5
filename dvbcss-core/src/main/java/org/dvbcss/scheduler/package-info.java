/**
 * Runs code when a clock reaches a tick value: "run this at tick T of clock C".
 *
 * <p>A {@link org.dvbcss.scheduler.ClockScheduler} keeps the pending tasks of any number of clocks
 * that share one {@link org.dvbcss.clock.TimeSource}. Each task's due time is {@link
 * org.dvbcss.clock.Clock#calcWhen(double)}, in nanoseconds of that source, and is recomputed
 * whenever the clock or one of its ancestors changes (speed, correlation, tick rate, parent,
 * availability). A clock at speed 0 holds its tasks until it moves again.
 *
 * <p>Units: tick values are {@code double} ticks of the task's clock; due times are nanoseconds of
 * the time source. Threading: see {@link org.dvbcss.scheduler.ClockScheduler}.
 */
@NullMarked
package org.dvbcss.scheduler;

import org.jspecify.annotations.NullMarked;
