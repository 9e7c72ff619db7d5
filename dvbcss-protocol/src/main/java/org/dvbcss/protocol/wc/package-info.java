/**
 * CSS-WC, the wall clock protocol, without sockets.
 *
 * <ul>
 *   <li>{@link org.dvbcss.protocol.wc.WcMessage}: the 32-byte UDP message and its codec.
 *   <li>{@link org.dvbcss.protocol.wc.Candidate}: one request/response measurement and the
 *       correlation (with an honest error bound) it implies.
 *   <li>{@link org.dvbcss.protocol.wc.WallClockAlgorithm} and its implementations {@link
 *       org.dvbcss.protocol.wc.LowestDispersion} (the default), {@link
 *       org.dvbcss.protocol.wc.MostRecent} and {@link org.dvbcss.protocol.wc.FilterAndPredict}:
 *       decide which measurements set the wall clock and when to measure next.
 *   <li>{@link org.dvbcss.protocol.wc.WallClockClientCore}: the client's protocol state machine
 *       (request scheduling, response matching, follow-ups, timeouts), driven by a transport.
 *   <li>{@link org.dvbcss.protocol.wc.WallClockServerCore}: turns a request datagram into the
 *       response datagram(s).
 *   <li>{@link org.dvbcss.protocol.wc.UdpUrl}: a server's {@code udp://host:port} URL (CII's {@code
 *       wcUrl}), parsed and formatted; resolving its host is left to the transport.
 * </ul>
 *
 * <p><b>Units.</b> Wire time values, t1..t4, round-trip times, offsets, delays and timeouts are
 * {@code long} nanoseconds. Precision, dispersion and correlation errors are seconds ({@code
 * double}), as in {@code org.dvbcss.clock}. Frequency errors are ppm ({@code double}) except on the
 * wire (1/256 ppm). Clock tick values are {@code double} ticks of the clock concerned.
 *
 * <p><b>Threading.</b> Messages, candidates and URLs are immutable. The client core, the server
 * core and the algorithms are not thread safe: confine each to one thread (the transport's).
 */
@NullMarked
package org.dvbcss.protocol.wc;

import org.jspecify.annotations.NullMarked;
