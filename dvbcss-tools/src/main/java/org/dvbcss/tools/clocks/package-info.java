/**
 * The {@code clocks-demo} subcommand: the clock model of {@code org.dvbcss.clock} running on real
 * time, driven by a short script.
 *
 * <p>{@link org.dvbcss.tools.clocks.DemoClocks} holds the clocks and takes samples, {@link
 * org.dvbcss.tools.clocks.DemoScript} says what happens when, {@link
 * org.dvbcss.tools.clocks.DemoRun} paces the script and prints, and {@link
 * org.dvbcss.tools.clocks.ClocksDemoCommand} reads the options.
 */
@NullMarked
package org.dvbcss.tools.clocks;

import org.jspecify.annotations.NullMarked;
