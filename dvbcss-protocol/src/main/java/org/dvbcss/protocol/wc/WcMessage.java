package org.dvbcss.protocol.wc;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.dvbcss.protocol.ProtocolException;

/**
 * A CSS-WC message: 32 bytes, big-endian, carried in one UDP datagram.
 *
 * <pre>
 * offset size field
 *   0    u8   version          always 0
 *   1    u8   message type     see {@link Type}
 *   2    s8   precision        log2 seconds
 *   3    u8   reserved         0 on encode, ignored on decode
 *   4    u32  max freq error   1/256 ppm
 *   8    u32  originate seconds    12 u32 originate nanoseconds
 *  16    u32  receive seconds      20 u32 receive nanoseconds
 *  24    u32  transmit seconds     28 u32 transmit nanoseconds
 * </pre>
 *
 * <p>A time value {@code (s, n)} means {@code s * 1e9 + n} nanoseconds. A server must echo the
 * originate value byte for byte, even when its nanoseconds field is not below 10^9; so the message
 * keeps the originate value exactly as on the wire ({@link #originateWire()}) next to its meaning
 * in nanoseconds ({@link #originateNanos()}), and {@link #toResponse} carries it over. The receive
 * and transmit values must be canonical (nanoseconds field below 10^9).
 *
 * <p>Immutable and thread safe.
 *
 * @param type the message type
 * @param precision the sender's clock precision as a power of two: {@code 2^precision} seconds;
 *     -128..127 (see {@link #encodePrecision(double)})
 * @param maxFreqError the sender's maximum frequency error, in units of 1/256 ppm; 0..2^32-1 (see
 *     {@link #encodeMaxFreqError(double)})
 * @param originateNanos the originate time value, nanoseconds: {@code seconds * 1e9 + nanosField}
 *     of {@code originateWire}
 * @param receiveNanos the receive time value, nanoseconds; 0..{@link #MAX_TIME_NANOS}
 * @param transmitNanos the transmit time value, nanoseconds; 0..{@link #MAX_TIME_NANOS}
 * @param originateWire the originate time value as on the wire: seconds field in the high 32 bits,
 *     nanoseconds field in the low 32 bits (every {@code long} is a valid pair of u32 fields)
 */
public record WcMessage(
    Type type,
    int precision,
    long maxFreqError,
    long originateNanos,
    long receiveNanos,
    long transmitNanos,
    long originateWire) {

  /** The size of every CSS-WC message, bytes. */
  public static final int SIZE = 32;

  /** The protocol version this codec speaks. */
  public static final int VERSION = 0;

  /** The largest canonical time value: (2^32 - 1) seconds and 999 999 999 nanoseconds. */
  public static final long MAX_TIME_NANOS = 0xFFFF_FFFFL * 1_000_000_000L + 999_999_999L;

  /** The largest max-frequency-error field value (u32). */
  public static final long MAX_FREQ_ERROR_FIELD = 0xFFFF_FFFFL;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  /** The message type, with its code on the wire. */
  public enum Type {
    /** A client's request (code 0). */
    REQUEST(0),
    /** A server's response (code 1). */
    RESPONSE(1),
    /** A server's response that will be followed by a {@link #FOLLOW_UP} (code 2). */
    RESPONSE_WITH_FOLLOW_UP(2),
    /** A server's follow-up with a more accurate transmit time (code 3). */
    FOLLOW_UP(3);

    private final int code;

    Type(int code) {
      this.code = code;
    }

    /**
     * The code on the wire.
     *
     * @return 0..3
     */
    public int code() {
      return code;
    }

    /**
     * Whether a server sends this type in reply to a request.
     *
     * @return true for {@link #RESPONSE}, {@link #RESPONSE_WITH_FOLLOW_UP} and {@link #FOLLOW_UP}
     */
    public boolean isResponse() {
      return this != REQUEST;
    }

    /**
     * The type for a wire code.
     *
     * @param code the code, 0..255
     * @return the type
     * @throws ProtocolException if the code is not 0..3
     */
    public static Type fromCode(int code) {
      switch (code) {
        case 0:
          return REQUEST;
        case 1:
          return RESPONSE;
        case 2:
          return RESPONSE_WITH_FOLLOW_UP;
        case 3:
          return FOLLOW_UP;
        default:
          throw new ProtocolException("WC message: type must be 0..3, was " + code);
      }
    }
  }

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException naming the field and value if a field is out of range, or if
   *     {@code originateNanos} is not the meaning of {@code originateWire}
   */
  public WcMessage {
    if (type == null) {
      throw new IllegalArgumentException("WC message: type must not be null");
    }
    if (precision < -128 || precision > 127) {
      throw new IllegalArgumentException(
          "WC message: precision must be in -128..127, was " + precision);
    }
    if (maxFreqError < 0 || maxFreqError > MAX_FREQ_ERROR_FIELD) {
      throw new IllegalArgumentException(
          "WC message: maxFreqError must be in 0..4294967295, was " + maxFreqError);
    }
    checkTime("receive", receiveNanos);
    checkTime("transmit", transmitNanos);
    long meaning = wireToNanos(originateWire);
    if (originateNanos != meaning) {
      throw new IllegalArgumentException(
          "WC message: originateNanos must be "
              + meaning
              + " to match originateWire 0x"
              + Long.toHexString(originateWire)
              + ", was "
              + originateNanos);
    }
  }

  /**
   * A message whose originate value is canonical (nanoseconds field below 10^9).
   *
   * @param type the message type
   * @param precision log2 seconds, -128..127
   * @param maxFreqError 1/256 ppm, 0..2^32-1
   * @param originateNanos nanoseconds, 0..{@link #MAX_TIME_NANOS}
   * @param receiveNanos nanoseconds, 0..{@link #MAX_TIME_NANOS}
   * @param transmitNanos nanoseconds, 0..{@link #MAX_TIME_NANOS}
   * @throws IllegalArgumentException if a field is out of range
   */
  public WcMessage(
      Type type,
      int precision,
      long maxFreqError,
      long originateNanos,
      long receiveNanos,
      long transmitNanos) {
    this(
        type,
        precision,
        maxFreqError,
        originateNanos,
        receiveNanos,
        transmitNanos,
        nanosToWire("originate", originateNanos));
  }

  /**
   * A client's request: type 0, precision 0, max frequency error 0, receive and transmit 0.
   *
   * @param originateNanos the client's clock reading when sending, nanoseconds
   * @return the request
   */
  public static WcMessage request(long originateNanos) {
    return new WcMessage(Type.REQUEST, 0, 0, originateNanos, 0, 0);
  }

  /**
   * Whether the originate value is canonical (its nanoseconds field is below 10^9).
   *
   * @return true if re-encoding {@link #originateNanos()} would give the same bytes
   */
  public boolean hasCanonicalOriginate() {
    return (originateWire & 0xFFFF_FFFFL) < NANOS_PER_SECOND;
  }

  /**
   * A server's reply to this message, carrying over the originate value byte for byte.
   *
   * @param responseType {@link Type#RESPONSE} or {@link Type#RESPONSE_WITH_FOLLOW_UP}
   * @param precision the server clock's precision, log2 seconds
   * @param maxFreqError the server clock's max frequency error, 1/256 ppm
   * @param receiveNanos when the request arrived, server nanoseconds
   * @param transmitNanos when the response leaves, server nanoseconds
   * @return the response
   * @throws IllegalArgumentException if a field is out of range
   */
  public WcMessage toResponse(
      Type responseType, int precision, long maxFreqError, long receiveNanos, long transmitNanos) {
    return new WcMessage(
        responseType,
        precision,
        maxFreqError,
        originateNanos,
        receiveNanos,
        transmitNanos,
        originateWire);
  }

  /**
   * The follow-up to this response: the same message with type {@link Type#FOLLOW_UP} and another
   * transmit time.
   *
   * @param newTransmitNanos the more accurate transmit time, server nanoseconds
   * @return the follow-up
   */
  public WcMessage toFollowUp(long newTransmitNanos) {
    return new WcMessage(
        Type.FOLLOW_UP,
        precision,
        maxFreqError,
        originateNanos,
        receiveNanos,
        newTransmitNanos,
        originateWire);
  }

  /**
   * The precision as seconds.
   *
   * @return {@code 2^precision} seconds
   */
  public double precisionSeconds() {
    return decodePrecision(precision);
  }

  /**
   * The maximum frequency error as ppm.
   *
   * @return {@code maxFreqError / 256} ppm
   */
  public double maxFreqErrorPpm() {
    return decodeMaxFreqError(maxFreqError);
  }

  // ---------------------------------------------------------------- encode

  /**
   * Encodes into a new array.
   *
   * @return 32 bytes
   */
  public byte[] encode() {
    byte[] out = new byte[SIZE];
    encode(out, 0);
    return out;
  }

  /**
   * Encodes into an array.
   *
   * @param dst the destination
   * @param offset where the 32 bytes start
   * @throws IndexOutOfBoundsException if fewer than 32 bytes fit from {@code offset}
   */
  public void encode(byte[] dst, int offset) {
    Objects.checkFromIndexSize(offset, SIZE, dst.length);
    encode(ByteBuffer.wrap(dst, offset, SIZE));
  }

  /**
   * Encodes at the buffer's position and advances it by 32, without allocating. The buffer's byte
   * order is ignored: the message is always big-endian.
   *
   * @param dst the destination
   * @throws BufferOverflowException if fewer than 32 bytes remain (nothing is written)
   * @throws java.nio.ReadOnlyBufferException if the buffer is read-only
   */
  public void encode(ByteBuffer dst) {
    if (dst.remaining() < SIZE) {
      throw new BufferOverflowException();
    }
    int p = dst.position();
    dst.put(p, (byte) VERSION);
    dst.put(p + 1, (byte) type.code());
    dst.put(p + 2, (byte) precision);
    dst.put(p + 3, (byte) 0);
    putU32(dst, p + 4, maxFreqError);
    putU32(dst, p + 8, originateWire >>> 32);
    putU32(dst, p + 12, originateWire);
    putU32(dst, p + 16, receiveNanos / NANOS_PER_SECOND);
    putU32(dst, p + 20, receiveNanos % NANOS_PER_SECOND);
    putU32(dst, p + 24, transmitNanos / NANOS_PER_SECOND);
    putU32(dst, p + 28, transmitNanos % NANOS_PER_SECOND);
    dst.position(p + SIZE);
  }

  // ---------------------------------------------------------------- decode

  /**
   * Decodes a whole array.
   *
   * @param src exactly one message
   * @return the message
   * @throws ProtocolException if the length is not 32, the version not 0, the type not 0..3, or the
   *     nanoseconds field of the receive or transmit value not below 10^9
   */
  public static WcMessage decode(byte[] src) {
    return decode(src, 0, src.length);
  }

  /**
   * Decodes part of an array.
   *
   * @param src the array
   * @param offset where the message starts
   * @param length how many bytes the datagram had; must be 32
   * @return the message
   * @throws ProtocolException if the length is not 32, the version not 0, the type not 0..3, or the
   *     nanoseconds field of the receive or transmit value not below 10^9
   * @throws IndexOutOfBoundsException if {@code offset} and {@code length} do not fit {@code src}
   */
  public static WcMessage decode(byte[] src, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, src.length);
    return decode(ByteBuffer.wrap(src, offset, length));
  }

  /**
   * Decodes the remaining bytes of a buffer (one received datagram) and moves its position to its
   * limit. The buffer's byte order is ignored.
   *
   * @param src the datagram, from position to limit
   * @return the message
   * @throws ProtocolException if the length is not 32, the version not 0, the type not 0..3, or the
   *     nanoseconds field of the receive or transmit value not below 10^9 (the position is then
   *     left unchanged)
   */
  public static WcMessage decode(ByteBuffer src) {
    int p = src.position();
    checkHeader(src.remaining(), src.remaining() > 0 ? src.get(p) & 0xFF : 0);
    Type type = Type.fromCode(src.get(p + 1) & 0xFF);
    long originateWire = (getU32(src, p + 8) << 32) | getU32(src, p + 12);
    WcMessage m =
        new WcMessage(
            type,
            src.get(p + 2),
            getU32(src, p + 4),
            wireToNanos(originateWire),
            timeValue("receive", src, p + 16),
            timeValue("transmit", src, p + 24),
            originateWire);
    src.position(p + SIZE);
    return m;
  }

  private static long timeValue(String field, ByteBuffer src, int i) {
    long nanosField = getU32(src, i + 4);
    if (nanosField >= NANOS_PER_SECOND) {
      throw new ProtocolException(
          "WC message: "
              + field
              + " nanoseconds field must be below 1000000000, was "
              + nanosField);
    }
    return getU32(src, i) * NANOS_PER_SECOND + nanosField;
  }

  private static void checkHeader(int length, int version) {
    if (length != SIZE) {
      throw new ProtocolException("WC message: length must be 32 bytes, was " + length);
    }
    if (version != VERSION) {
      throw new ProtocolException("WC message: version must be 0, was " + version);
    }
  }

  // ---------------------------------------------------------------- precision and frequency error

  /**
   * Encodes a precision for the wire: the smallest power of two not below it, {@code
   * ceil(log2(seconds))}, computed exactly (so {@code 2^-128} gives -128 and 0.001 gives -9).
   *
   * <p>Out of range values are clamped, never rejected: a precision at or below {@code 2^-128}
   * seconds (including 0 and negative values) gives -128; a precision above {@code 2^127} seconds,
   * +infinity (an unsynchronised clock) or NaN (unknown) gives 127, the worst precision the field
   * can state.
   *
   * @param seconds the precision, seconds
   * @return log2 seconds, -128..127
   */
  public static int encodePrecision(double seconds) {
    if (Double.isNaN(seconds) || seconds > 0x1p127) {
      return 127;
    }
    if (seconds <= 0x1p-128) {
      return -128;
    }
    int exponent = Math.getExponent(seconds); // floor(log2), exact for normal doubles
    boolean powerOfTwo = seconds == Math.scalb(1.0, exponent);
    return powerOfTwo ? exponent : exponent + 1;
  }

  /**
   * Decodes a precision field.
   *
   * @param log2Seconds the field, -128..127 (any int is accepted)
   * @return {@code 2^log2Seconds} seconds
   */
  public static double decodePrecision(int log2Seconds) {
    return Math.scalb(1.0, log2Seconds);
  }

  /**
   * Encodes a maximum frequency error for the wire: {@code ceil(ppm * 256)}.
   *
   * <p>Out of range values are clamped, never rejected: negative values give 0; values above {@code
   * (2^32 - 1) / 256} ppm, +infinity and NaN (unknown) give {@code 2^32 - 1}, the worst the field
   * can state.
   *
   * @param ppm parts per million
   * @return units of 1/256 ppm, 0..2^32-1
   */
  public static long encodeMaxFreqError(double ppm) {
    if (Double.isNaN(ppm)) {
      return MAX_FREQ_ERROR_FIELD;
    }
    double units = Math.ceil(ppm * 256);
    if (units <= 0) {
      return 0;
    }
    return units >= MAX_FREQ_ERROR_FIELD ? MAX_FREQ_ERROR_FIELD : (long) units;
  }

  /**
   * Decodes a maximum frequency error field.
   *
   * @param field units of 1/256 ppm
   * @return ppm
   */
  public static double decodeMaxFreqError(long field) {
    return field / 256.0;
  }

  // ---------------------------------------------------------------- helpers

  private static void checkTime(String field, long nanos) {
    if (nanos < 0 || nanos > MAX_TIME_NANOS) {
      throw new IllegalArgumentException(
          "WC message: " + field + " must be in 0.." + MAX_TIME_NANOS + " ns, was " + nanos);
    }
  }

  private static long nanosToWire(String field, long nanos) {
    checkTime(field, nanos);
    return ((nanos / NANOS_PER_SECOND) << 32) | (nanos % NANOS_PER_SECOND);
  }

  static long wireToNanos(long wire) {
    return (wire >>> 32) * NANOS_PER_SECOND + (wire & 0xFFFF_FFFFL);
  }

  private static void putU32(ByteBuffer dst, int i, long v) {
    dst.put(i, (byte) (v >>> 24));
    dst.put(i + 1, (byte) (v >>> 16));
    dst.put(i + 2, (byte) (v >>> 8));
    dst.put(i + 3, (byte) v);
  }

  private static long getU32(ByteBuffer src, int i) {
    return ((src.get(i) & 0xFFL) << 24)
        | ((src.get(i + 1) & 0xFFL) << 16)
        | ((src.get(i + 2) & 0xFFL) << 8)
        | (src.get(i + 3) & 0xFFL);
  }
}
