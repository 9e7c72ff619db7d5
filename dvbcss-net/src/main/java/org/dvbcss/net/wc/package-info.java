/**
 * CSS-WC over UDP: {@link org.dvbcss.net.wc.WallClockServer} answers requests from a wall clock;
 * {@link org.dvbcss.net.wc.WallClockClient} keeps a companion's wall clock following a server. Both
 * are thin transports on the JDK's {@link java.nio.channels.DatagramChannel}, each on its own
 * thread, around the socket-free protocol logic of {@code org.dvbcss.protocol.wc}.
 */
@NullMarked
package org.dvbcss.net.wc;

import org.jspecify.annotations.NullMarked;
