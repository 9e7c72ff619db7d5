/**
 * CSS-CII, content identification and other information, without sockets.
 *
 * <ul>
 *   <li>{@link org.dvbcss.protocol.cii.Cii}: one CII message or a CII state, with its JSON codec
 *       and the state operations a client and a server need ({@link
 *       org.dvbcss.protocol.cii.Cii#diff diff}, {@link org.dvbcss.protocol.cii.Cii#update update},
 *       {@link org.dvbcss.protocol.cii.Cii#changedProperties changedProperties}).
 *   <li>{@link org.dvbcss.protocol.cii.TimelineOption}: one entry of {@code timelines}.
 *   <li>{@link org.dvbcss.protocol.cii.CiiProperty} and {@link
 *       org.dvbcss.protocol.cii.ContentIdStatus}: the property names and the content id status.
 *   <li>{@link org.dvbcss.protocol.cii.CiiServerCore}: a TV's CII endpoint without sockets: per
 *       companion what it was last sent, the diff it is owed, coalescing for a companion that
 *       cannot take a send, and {@code {{host}}}/{@code {{port}}} rewriting.
 * </ul>
 *
 * <p>Every property is {@linkplain org.dvbcss.protocol.Presence absent, null or a value}: an absent
 * property keeps its previous value, while null is a value of its own.
 *
 * <p><b>Units.</b> {@code accuracy} is seconds; {@code unitsPerTick} and {@code unitsPerSecond} are
 * counts of the timeline's units.
 *
 * <p><b>Threading.</b> Every type here is immutable and thread safe, except {@link
 * org.dvbcss.protocol.cii.CiiServerCore}: thread safe, with one rule for each of its sessions (see
 * its class comment).
 */
@NullMarked
package org.dvbcss.protocol.cii;

import org.jspecify.annotations.NullMarked;
