package org.dvbcss.protocol.wc;

import java.nio.ByteBuffer;
import org.dvbcss.clock.Clock;
import org.jspecify.annotations.Nullable;

/**
 * The protocol logic of a CSS-WC server, with no socket: turns a request datagram into the response
 * datagram(s), or says why it drops it.
 *
 * <p>A transport stamps each datagram's arrival with a reading of the served wall clock, then calls
 * {@link #handle(ByteBuffer, double)}. For a {@link Reply.Respond} it sends the response to the
 * datagram's source; if {@link Reply.Respond#followUpDue()} it then sends {@link
 * #followUp(WcMessage)}, whose transmit time is read later and so is later. Responses are always 32
 * bytes, never larger than the request.
 *
 * <p>The precision field states the served clock's dispersion when the request arrived (or a fixed
 * override); the max frequency error field states the clock's {@code rootMaxFreqErrorPpm()} (or a
 * fixed override). The originate value is echoed byte for byte.
 *
 * <p>{@link #respond(ByteBuffer, double, ByteBuffer)} and {@link #followUp(ByteBuffer, ByteBuffer)}
 * do the same without building any object: they write the response bytes straight into a buffer,
 * for a transport that must not allocate per request. Both paths give the same bytes and the same
 * counts.
 *
 * <p>Never throws because of a datagram's content.
 *
 * <p>Not thread safe (it keeps counters): confine to the transport's thread. The clock may be
 * changed from other threads.
 */
public final class WallClockServerCore {

  /** Why a datagram got no response. */
  public enum DropReason {
    /** Not 32 bytes. */
    WRONG_LENGTH,
    /** Version not 0. */
    WRONG_VERSION,
    /** Message type not 0..3. */
    UNKNOWN_TYPE,
    /** A well-formed message that is a response, not a request. */
    NOT_A_REQUEST,
    /** The served clock is not available. */
    CLOCK_UNAVAILABLE,
    /** The served clock reads a time a WC time value cannot carry (negative or 2^32 s or more). */
    TIME_OUT_OF_RANGE,
    /**
     * Over a transport's per-source rate limit: dropped before it was looked at. This core never
     * returns it; a transport that limits sources counts it (see {@code WallClockServer}).
     */
    RATE_LIMITED,
    /**
     * Arrived after the transport stopped answering on purpose, to reproduce a server that dies on
     * a malformed datagram (see {@code WallClockServerConfig.stopAfterMalformed}): received,
     * counted, never looked at. This core never returns it.
     */
    STOPPED;

    /**
     * Whether a datagram dropped for this reason was malformed: not a well-formed CSS-WC request
     * ({@link #WRONG_LENGTH}, {@link #WRONG_VERSION}, {@link #UNKNOWN_TYPE}, {@link
     * #NOT_A_REQUEST}). The other reasons are about the server, not the datagram.
     *
     * @return true for the four reasons about the datagram's content
     */
    public boolean isMalformed() {
      return this == WRONG_LENGTH
          || this == WRONG_VERSION
          || this == UNKNOWN_TYPE
          || this == NOT_A_REQUEST;
    }
  }

  /** What to do with a datagram. */
  public sealed interface Reply permits Reply.Respond, Reply.Drop {
    /**
     * Send {@code response} to the request's source.
     *
     * @param response the response, type 1, or type 2 when a follow-up is due
     * @param followUpDue whether to send {@link WallClockServerCore#followUp(WcMessage)} after it
     */
    record Respond(WcMessage response, boolean followUpDue) implements Reply {}

    /**
     * Send nothing.
     *
     * @param reason why
     */
    record Drop(DropReason reason) implements Reply {}
  }

  private final Clock wallClock;
  private final double precisionOverride;
  private final double maxFreqErrorOverridePpm;
  private final boolean followUp;
  private final long[] drops = new long[DropReason.values().length];
  private long responses;

  // the response fields of the request last vetted (see vet); confined like the counters
  private long vettedReceiveNanos;
  private long vettedTransmitNanos;
  private int vettedPrecision;
  private long vettedMaxFreqError;

  /**
   * A server core stating the clock's own precision and frequency error, without follow-ups.
   *
   * @param wallClock the served clock; readings are converted to nanoseconds at its tick rate
   */
  public WallClockServerCore(Clock wallClock) {
    this(wallClock, Double.NaN, Double.NaN, false);
  }

  /**
   * A server core.
   *
   * @param wallClock the served clock; readings are converted to nanoseconds at its tick rate
   * @param precisionOverride the precision to state, seconds; NaN to state the clock's dispersion
   *     at each request's arrival
   * @param maxFreqErrorOverridePpm the max frequency error to state, ppm; NaN to state {@code
   *     wallClock.rootMaxFreqErrorPpm()}
   * @param followUp whether to answer with a type-2 response and a type-3 follow-up instead of a
   *     type-1 response
   */
  public WallClockServerCore(
      Clock wallClock, double precisionOverride, double maxFreqErrorOverridePpm, boolean followUp) {
    this.wallClock = wallClock;
    this.precisionOverride = precisionOverride;
    this.maxFreqErrorOverridePpm = maxFreqErrorOverridePpm;
    this.followUp = followUp;
  }

  /**
   * Answers a datagram. Reads the datagram from its position to its limit; does not move its
   * position. Of a request only the header and the originate value are looked at.
   *
   * @param datagram the payload received
   * @param receivedWallTicks the served clock's reading when the datagram arrived, ticks
   * @return the response to send, or why none
   */
  public Reply handle(ByteBuffer datagram, double receivedWallTicks) {
    DropReason why = vet(datagram, receivedWallTicks);
    if (why != null) {
      return drop(why);
    }
    // Only the originate value of a request matters; the other fields are ignored, not checked.
    int p = datagram.position();
    long originateWire = (u32(datagram, p + 8) << 32) | u32(datagram, p + 12);
    WcMessage request =
        new WcMessage(
            WcMessage.Type.REQUEST,
            0,
            0,
            WcMessage.wireToNanos(originateWire),
            0,
            0,
            originateWire);
    WcMessage response =
        request.toResponse(
            followUp ? WcMessage.Type.RESPONSE_WITH_FOLLOW_UP : WcMessage.Type.RESPONSE,
            vettedPrecision,
            vettedMaxFreqError,
            vettedReceiveNanos,
            vettedTransmitNanos);
    responses++;
    return new Reply.Respond(response, followUp);
  }

  /**
   * Answers a datagram without allocating: {@link #handle(ByteBuffer, double)} with the response
   * encoded straight into {@code out}. Reads the datagram from its position to its limit without
   * moving its position; on a response writes its 32 bytes at {@code out}'s position and advances
   * it by 32; on a drop leaves {@code out} untouched. The bytes are those {@code handle} would
   * give, encoded with {@link WcMessage#encode(ByteBuffer)}; the counts are kept the same way.
   *
   * @param datagram the payload received
   * @param receivedWallTicks the served clock's reading when the datagram arrived, ticks
   * @param out where the response goes; at least 32 bytes must remain
   * @return null if a response was written (a type 2 when {@link #followUpDue()}, then send {@link
   *     #followUp(ByteBuffer, ByteBuffer)} after it), else why none
   * @throws java.nio.BufferOverflowException if fewer than 32 bytes remain in {@code out}
   */
  public @Nullable DropReason respond(
      ByteBuffer datagram, double receivedWallTicks, ByteBuffer out) {
    if (out.remaining() < WcMessage.SIZE) {
      throw new java.nio.BufferOverflowException();
    }
    DropReason why = vet(datagram, receivedWallTicks);
    if (why != null) {
      drops[why.ordinal()]++;
      return why;
    }
    int p = datagram.position();
    int q = out.position();
    out.put(q, (byte) WcMessage.VERSION);
    out.put(
        q + 1,
        (byte)
            (followUp
                ? WcMessage.Type.RESPONSE_WITH_FOLLOW_UP.code()
                : WcMessage.Type.RESPONSE.code()));
    out.put(q + 2, (byte) vettedPrecision);
    out.put(q + 3, (byte) 0);
    putU32(out, q + 4, vettedMaxFreqError);
    for (int i = 8; i < 16; i++) { // the originate value, byte for byte
      out.put(q + i, datagram.get(p + i));
    }
    putTime(out, q + 16, vettedReceiveNanos);
    putTime(out, q + 24, vettedTransmitNanos);
    out.position(q + WcMessage.SIZE);
    responses++;
    return null;
  }

  /**
   * Whether this core answers with a type-2 response to be followed by a type-3 follow-up.
   *
   * @return the {@code followUp} it was made with
   */
  public boolean followUpDue() {
    return followUp;
  }

  /**
   * {@link #followUp(WcMessage)} without allocating: the follow-up to the type-2 response whose 32
   * bytes start at {@code sentResponse}'s position (not moved), written at {@code out}'s position,
   * which advances by 32. {@code out} may be the same buffer, to overwrite the response in place.
   *
   * @param sentResponse the response {@link #respond(ByteBuffer, double, ByteBuffer)} wrote
   * @param out where the follow-up goes; at least 32 bytes must remain
   * @throws java.nio.BufferOverflowException if fewer than 32 bytes remain in {@code out}
   */
  public void followUp(ByteBuffer sentResponse, ByteBuffer out) {
    if (out.remaining() < WcMessage.SIZE) {
      throw new java.nio.BufferOverflowException();
    }
    int p = sentResponse.position();
    long sentTransmit = u32(sentResponse, p + 24) * 1_000_000_000L + u32(sentResponse, p + 28);
    long now = toWireNanos(wallClock.ticks());
    int q = out.position();
    if (out != sentResponse || q != p) {
      for (int i = 0; i < 24; i++) {
        out.put(q + i, sentResponse.get(p + i));
      }
    }
    out.put(q + 1, (byte) WcMessage.Type.FOLLOW_UP.code());
    putTime(out, q + 24, Math.max(now, sentTransmit));
    out.position(q + WcMessage.SIZE);
  }

  /**
   * {@link #handle(ByteBuffer, double)} for an array.
   *
   * @param datagram the payload received
   * @param receivedWallTicks the served clock's reading when it arrived, ticks
   * @return the response to send, or why none
   */
  public Reply handle(byte[] datagram, double receivedWallTicks) {
    return handle(ByteBuffer.wrap(datagram), receivedWallTicks);
  }

  /**
   * The follow-up to a type-2 response just sent: type 3, transmit time read from the clock now
   * (never earlier than the response's).
   *
   * @param sentResponse the response {@link #handle} returned
   * @return the follow-up to send to the same destination
   */
  public WcMessage followUp(WcMessage sentResponse) {
    long now = toWireNanos(wallClock.ticks());
    return sentResponse.toFollowUp(Math.max(now, sentResponse.transmitNanos()));
  }

  /**
   * How many requests were answered.
   *
   * @return a count
   */
  public long responses() {
    return responses;
  }

  /**
   * How many datagrams were dropped for a reason.
   *
   * @param reason the reason
   * @return a count
   */
  public long drops(DropReason reason) {
    return drops[reason.ordinal()];
  }

  private Reply drop(DropReason reason) {
    drops[reason.ordinal()]++;
    return new Reply.Drop(reason);
  }

  /**
   * The checks and readings {@link #handle} and {@link #respond} share: why a datagram gets no
   * response, or null after setting the {@code vetted} fields for its response (the transmit time
   * is read here, never earlier than the receive time).
   */
  private @Nullable DropReason vet(ByteBuffer datagram, double receivedWallTicks) {
    if (datagram.remaining() != WcMessage.SIZE) {
      return DropReason.WRONG_LENGTH;
    }
    int p = datagram.position();
    if (datagram.get(p) != WcMessage.VERSION) {
      return DropReason.WRONG_VERSION;
    }
    int type = datagram.get(p + 1) & 0xFF;
    if (type > 3) {
      return DropReason.UNKNOWN_TYPE;
    }
    if (type != WcMessage.Type.REQUEST.code()) {
      return DropReason.NOT_A_REQUEST;
    }
    if (!wallClock.isAvailable()) {
      return DropReason.CLOCK_UNAVAILABLE;
    }
    long receiveNanos = toWireNanos(receivedWallTicks);
    long transmitNanos = toWireNanos(wallClock.ticks());
    if (receiveNanos < 0 || transmitNanos < 0) {
      return DropReason.TIME_OUT_OF_RANGE;
    }
    double precision =
        Double.isNaN(precisionOverride)
            ? wallClock.dispersionAtTime(receivedWallTicks)
            : precisionOverride;
    double mfe =
        Double.isNaN(maxFreqErrorOverridePpm)
            ? wallClock.rootMaxFreqErrorPpm()
            : maxFreqErrorOverridePpm;
    vettedReceiveNanos = receiveNanos;
    vettedTransmitNanos = Math.max(receiveNanos, transmitNanos);
    vettedPrecision = WcMessage.encodePrecision(precision);
    vettedMaxFreqError = WcMessage.encodeMaxFreqError(mfe);
    return null;
  }

  private static void putTime(ByteBuffer b, int i, long nanos) {
    putU32(b, i, nanos / 1_000_000_000L);
    putU32(b, i + 4, nanos % 1_000_000_000L);
  }

  private static void putU32(ByteBuffer b, int i, long v) {
    b.put(i, (byte) (v >>> 24));
    b.put(i + 1, (byte) (v >>> 16));
    b.put(i + 2, (byte) (v >>> 8));
    b.put(i + 3, (byte) v);
  }

  private static long u32(ByteBuffer b, int i) {
    return ((b.get(i) & 0xFFL) << 24)
        | ((b.get(i + 1) & 0xFFL) << 16)
        | ((b.get(i + 2) & 0xFFL) << 8)
        | (b.get(i + 3) & 0xFFL);
  }

  /** Clock ticks to a wire time value, nanoseconds rounded; -1 if out of range or not finite. */
  private long toWireNanos(double ticks) {
    double nanos = Math.rint(wallClock.ticksToNanos(ticks));
    if (!(nanos >= 0) || nanos >= 0x1p32 * 1e9) { // 2^32 s, exact as a double
      return -1;
    }
    return (long) nanos;
  }
}
