/**
 * A network impairment simulator for testing DVB-CSS over bad networks: proxies for UDP (CSS-WC)
 * and TCP (the WebSocket protocols and pages) that delay, jitter, lose, duplicate, reorder and
 * rate-limit what passes through them, per direction, following a script of timed changes.
 *
 * <p>The model ({@link org.dvbcss.net.netsim.LinkImpairment}, {@link org.dvbcss.net.netsim.Script},
 * {@link org.dvbcss.net.netsim.LinkModel}, {@link org.dvbcss.net.netsim.NetsimConfig}) touches no
 * socket: it decides, from a time in nanoseconds and a size in bytes, when (and whether) something
 * is released, so tests drive it on a {@link org.dvbcss.clock.ManualTimeSource}. The proxies
 * ({@link org.dvbcss.net.netsim.UdpProxy}, {@link org.dvbcss.net.netsim.TcpProxy}, and {@link
 * org.dvbcss.net.netsim.Netsim} for several at once) apply its decisions to real sockets. See
 * {@code docs/netsim.md}.
 */
@NullMarked
package org.dvbcss.net.netsim;

import org.jspecify.annotations.NullMarked;
