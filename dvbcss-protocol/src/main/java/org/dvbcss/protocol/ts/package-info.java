/**
 * CSS-TS, timeline synchronisation messages and the logic of both ends, without sockets.
 *
 * <ul>
 *   <li>{@link org.dvbcss.protocol.ts.SetupData}: the first message a companion sends, naming the
 *       content and the timeline it wants.
 *   <li>{@link org.dvbcss.protocol.ts.ControlTimestamp}: what the TV sends, relating the timeline
 *       to the wall clock (or saying the timeline is unavailable), with the change rule a server
 *       uses to decide when to send ({@link org.dvbcss.protocol.ts.ControlTimestamp#isChanged
 *       isChanged}).
 *   <li>{@link org.dvbcss.protocol.ts.AptEptLpt} and {@link org.dvbcss.protocol.ts.Timestamp}: the
 *       actual, earliest and latest presentation timestamps a companion may send.
 *   <li>{@link org.dvbcss.protocol.ts.TsServerCore}: everything a TV's CSS-TS server decides,
 *       driven by messages and writability with no socket or thread: the per-session setup state
 *       machine, stem and selector matching, "selector needed / not needed", the change rule,
 *       coalescing for stalled sessions, timing reports and the presentation window. dvbcss-net's
 *       {@code TsServer} binds it to a WebSocket server; an app can drive it from its own stack.
 *   <li>{@link org.dvbcss.protocol.ts.TimelineSource}s supply its control timestamps: {@link
 *       org.dvbcss.protocol.ts.ClockTimelineSource} follows a timeline clock under the wall clock
 *       and pushes every real change by itself; {@link org.dvbcss.protocol.ts.FixedTimelineSource}
 *       sends what it is set to.
 * </ul>
 *
 * <p><b>Wire form.</b> Integers travel as JSON strings of decimal digits with no leading zeros
 * ({@code "-12"}, never {@code "012"}, {@code "-0"}, {@code "+5"} or a JSON number); they are
 * decoded strictly into {@code long}s, and a value outside the 64-bit range is a {@link
 * org.dvbcss.protocol.ProtocolException}, never a silent wrap. Unknown keys are ignored. A
 * companion may read control timestamps {@linkplain org.dvbcss.protocol.ReadMode#TOLERANT
 * tolerantly} ({@link org.dvbcss.protocol.ts.ControlTimestamp#decode(String,
 * org.dvbcss.protocol.ReadMode, long)}, and {@link org.dvbcss.protocol.ts.TsClientCore} by
 * default): then an exact integer sent as a JSON number, and "unavailable" sent without {@code
 * contentTime} or {@code wallClockTime}, are read and reported.
 *
 * <p><b>Companion logic.</b> {@link org.dvbcss.protocol.ts.TsClientCore} keeps a timeline clock
 * following the TV from the control timestamps and connection events of a session, with no socket
 * and no thread (dvbcss-net's {@code TsClockController} binds it to a {@code TsClient}).
 *
 * <p><b>Units.</b> {@code contentTime} is in ticks of the timeline named by the timeline selector;
 * {@code wallClockTime} is in wall-clock ticks, which are nanoseconds; {@code
 * timelineSpeedMultiplier} is a ratio (1.0 = normal play, 0 = paused).
 *
 * <p><b>Threading.</b> The messages are immutable and thread safe; the server core and the sources
 * are thread safe, each stating which thread calls what; {@link
 * org.dvbcss.protocol.ts.TsClientCore} takes one input at a time, and its readouts from any thread.
 */
@NullMarked
package org.dvbcss.protocol.ts;

import org.jspecify.annotations.NullMarked;
