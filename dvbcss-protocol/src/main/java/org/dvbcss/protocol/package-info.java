/**
 * Wire messages, codecs and socket-free protocol logic for DVB-CSS (ETSI TS 103 286-2).
 *
 * <p>Nothing in this module opens a socket or starts a thread: transports live in {@code
 * dvbcss-net} and drive the state machines here. Every codec throws {@link
 * org.dvbcss.protocol.ProtocolException} on bad input.
 */
@NullMarked
package org.dvbcss.protocol;

import org.jspecify.annotations.NullMarked;
