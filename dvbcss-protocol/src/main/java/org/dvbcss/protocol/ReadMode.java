package org.dvbcss.protocol;

/**
 * How a decoder reads what a peer sent.
 *
 * <ul>
 *   <li>{@link #STRICT}: the spec only (ETSI TS 103 286-2 and DVB's JSON schemas); anything else is
 *       a {@link ProtocolException}. For conformance checking and tests.
 *   <li>{@link #TOLERANT}: also each documented {@link Deviation} that has exactly one sensible
 *       reading; the decoder reports which ones it accepted (see {@link Decoded}). Anything that
 *       would need a guess is still a {@link ProtocolException}. For following real TVs.
 * </ul>
 *
 * <p>Encoding is always strict: this only concerns reading. Immutable; thread safe.
 */
public enum ReadMode {
  /** The spec only. */
  STRICT,
  /** The spec, and each documented deviation that has exactly one sensible reading, reported. */
  TOLERANT
}
