/**
 * Wire messages, codecs and socket-free protocol logic for DVB-CSS (ETSI TS 103 286-2).
 *
 * <p>Nothing in this module opens a socket or starts a thread: transports live in {@code
 * dvbcss-net} and drive the state machines here. Every codec throws {@link
 * org.dvbcss.protocol.ProtocolException} on bad input.
 *
 * <p>Encoding is always strict. The decoders that a companion uses (CII messages and control
 * timestamps) also read in a {@link org.dvbcss.protocol.ReadMode}: {@code TOLERANT} accepts each
 * documented {@link org.dvbcss.protocol.Deviation} that has exactly one sensible reading and
 * reports it in a {@link org.dvbcss.protocol.Decoded}; {@code STRICT} accepts the spec only.
 */
@NullMarked
package org.dvbcss.protocol;

import org.jspecify.annotations.NullMarked;
