package org.dvbcss.protocol.wc;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.dvbcss.clock.Clock;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Ticks;
import org.dvbcss.clock.TimeSource;
import org.dvbcss.protocol.ProtocolException;
import org.jspecify.annotations.Nullable;

/**
 * The protocol logic of a CSS-WC client, with no socket: a transport (or a simulation) drives it.
 *
 * <p>The client core measures the wall clock's parent, the <em>local clock</em>, against the server
 * and lets a {@link WallClockAlgorithm} set the wall clock's correlation. It keeps at most one
 * request outstanding. A transport loop looks like:
 *
 * <pre>{@code
 * while (running) {
 *   core.poll(timeSource.nanoTime()).ifPresent(socket::send);
 *   datagram = socket.receive(until core.nextActionNanos());   // stamp arrival at once
 *   if (datagram from the server's address and port) core.onDatagram(datagram, arrivalNanos);
 * }
 * }</pre>
 *
 * <p><b>Time.</b> Every {@code long ...Nanos} argument and result is a reading of the wall clock's
 * {@link TimeSource} (the root's), in nanoseconds. The client core converts such an instant to the
 * local clock (assuming, as for a {@code SysClock}, that root ticks are {@code nanos * tickRate /
 * 1e9}), rounding a send time down and an arrival time up so the measured interval never shrinks.
 * The originate value of a request is the local clock's reading, in nanoseconds, at the instant
 * given to {@link #poll(long)}; that instant must not be later than the actual send, and the one
 * given to {@link #onDatagram(ByteBuffer, long)} not earlier than the actual arrival. Originate
 * values are made strictly increasing (by a nanosecond if the clock has not moved) so each
 * identifies its request.
 *
 * <p><b>Matching.</b> A response counts only if its originate value is byte for byte that of the
 * outstanding request. A type-1 or type-3 response completes the request at once. A type-2 response
 * is held until the request's timeout in case its type-3 follow-up arrives; if none does, the
 * type-2 response is used then. A request with no usable response by its timeout is reported to the
 * algorithm as timed out. A matched response with a negative round-trip time is refused and counted
 * ({@link Counters#negativeRtt()}), as if it had not arrived. Anything else — undecodable
 * datagrams, requests, duplicates, responses to earlier requests or to none — is counted and
 * ignored.
 *
 * <p><b>Errors.</b> Never throws because of a datagram's content. Exceptions thrown by the
 * algorithm propagate to the caller, after the client core has scheduled the next request as if the
 * algorithm had asked for the response timeout as delay.
 *
 * <p><b>Threading.</b> Not thread safe: confine the client core, its algorithm, and changes to the
 * wall clock's correlation to one thread (the transport's). Other threads may read the wall clock.
 */
public final class WallClockClientCore {

  /**
   * What the client core has seen so far.
   *
   * @param sent requests sent
   * @param accepted measurements handed to the algorithm
   * @param timedOut requests with no usable response by their timeout
   * @param malformed datagrams that did not decode, or were not responses
   * @param unmatched responses ignored: duplicates, late ones, or ones for another request
   * @param negativeRtt matched responses refused because their round-trip time {@code (t4 - t1) -
   *     (t3 - t2)} was negative: the server claimed more time passed than the client measured, so
   *     the measurement contradicts itself and has no honest error bound
   */
  public record Counters(
      long sent, long accepted, long timedOut, long malformed, long unmatched, long negativeRtt) {}

  /** The request in flight. */
  private static final class Outstanding {
    final long originateWire;
    final long deadlineNanos;
    @Nullable Candidate heldType2;

    Outstanding(long originateWire, long deadlineNanos) {
      this.originateWire = originateWire;
      this.deadlineNanos = deadlineNanos;
    }
  }

  private final CorrelatedClock wallClock;
  private final Clock localClock;
  private final WallClockAlgorithm algorithm;
  private final long timeoutNanos;

  private long nextSendNanos;
  private @Nullable Outstanding outstanding;
  private long lastOriginateNanos = Long.MIN_VALUE;

  private long sent;
  private long accepted;
  private long timedOut;
  private long malformed;
  private long unmatched;
  private long negativeRtt;

  /**
   * A client core that will send its first request at once. Calls {@link
   * WallClockAlgorithm#start(CorrelatedClock)}, which by default marks the wall clock's error as
   * unknown.
   *
   * @param wallClock the clock to set; its parent is the local clock that is measured
   * @param algorithm decides what each measurement does and when to measure; serves this client
   *     core only
   */
  public WallClockClientCore(CorrelatedClock wallClock, WallClockAlgorithm algorithm) {
    this.wallClock = wallClock;
    this.localClock = wallClock.parent();
    this.algorithm = algorithm;
    this.timeoutNanos = Dispersions.checkNanos("timeout", algorithm.responseTimeoutNanos(), false);
    algorithm.start(wallClock);
    this.nextSendNanos = wallClock.timeSource().nanoTime();
  }

  /**
   * When the client core next wants {@link #poll(long)} called: the next request's send time, or
   * the outstanding request's timeout.
   *
   * @return time-source nanoseconds
   */
  public long nextActionNanos() {
    Outstanding o = outstanding;
    return o != null ? o.deadlineNanos : nextSendNanos;
  }

  /**
   * Whether a request is waiting for its response.
   *
   * @return true while a request is outstanding
   */
  public boolean isAwaitingResponse() {
    return outstanding != null;
  }

  /**
   * Lets the client core act at a given time: times out an outstanding request whose deadline has
   * passed, and returns a request if one is due.
   *
   * @param nowNanos the current time-source reading, nanoseconds, not after the send
   * @return a 32-byte request to send now, or empty
   * @throws IllegalStateException if the local clock reads outside the range a WC time value can
   *     carry (0 to 2^32 seconds)
   */
  public Optional<byte[]> poll(long nowNanos) {
    expireIfDue(nowNanos);
    if (outstanding != null || nowNanos < nextSendNanos) {
      return Optional.empty();
    }
    long t1 = (long) Math.floor(localNanosAt(nowNanos));
    if (t1 <= lastOriginateNanos) {
      t1 = lastOriginateNanos + 1;
    }
    if (t1 < 0 || t1 > WcMessage.MAX_TIME_NANOS) {
      throw new IllegalStateException(
          "the local clock reads " + t1 + " ns, which a WC time value cannot carry");
    }
    lastOriginateNanos = t1;
    WcMessage request = WcMessage.request(t1);
    outstanding = new Outstanding(request.originateWire(), nowNanos + timeoutNanos);
    sent++;
    return Optional.of(request.encode());
  }

  /**
   * {@link #poll(long)} at the time source's current reading.
   *
   * @return a request to send now, or empty
   */
  public Optional<byte[]> poll() {
    return poll(wallClock.timeSource().nanoTime());
  }

  /**
   * Handles a datagram that came from the server's address and port. Reads the datagram from its
   * position to its limit. Never throws because of the datagram's content.
   *
   * @param datagram the payload
   * @param receivedAtNanos when it arrived, time-source nanoseconds, not before the arrival
   */
  public void onDatagram(ByteBuffer datagram, long receivedAtNanos) {
    expireIfDue(receivedAtNanos);
    WcMessage m;
    try {
      m = WcMessage.decode(datagram);
    } catch (ProtocolException e) {
      malformed++;
      return;
    }
    if (!m.type().isResponse()) {
      malformed++;
      return;
    }
    Outstanding o = outstanding;
    if (o == null || m.originateWire() != o.originateWire) {
      unmatched++;
      return;
    }
    long t4 = (long) Math.ceil(localNanosAt(receivedAtNanos));
    Candidate candidate;
    try {
      candidate = Candidate.of(m, t4);
    } catch (IllegalArgumentException e) {
      malformed++; // cannot happen for a matched response unless the local clock went backwards
      return;
    }
    if (candidate.rttNanos() < 0) {
      negativeRtt++; // as if it had not arrived: a held type 2 or the timeout decides
      return;
    }
    if (m.type() == WcMessage.Type.RESPONSE_WITH_FOLLOW_UP) {
      if (o.heldType2 == null) {
        o.heldType2 = candidate;
      } else {
        unmatched++;
      }
      return;
    }
    complete(candidate, receivedAtNanos);
  }

  /**
   * {@link #onDatagram(ByteBuffer, long)} stamped with the time source's current reading.
   *
   * @param datagram the payload, from its position to its limit
   */
  public void onDatagram(ByteBuffer datagram) {
    onDatagram(datagram, wallClock.timeSource().nanoTime());
  }

  /**
   * {@link #onDatagram(ByteBuffer, long)} for an array.
   *
   * @param datagram the payload
   * @param receivedAtNanos when it arrived, time-source nanoseconds
   */
  public void onDatagram(byte[] datagram, long receivedAtNanos) {
    onDatagram(ByteBuffer.wrap(datagram), receivedAtNanos);
  }

  /**
   * The counts so far.
   *
   * @return a snapshot
   */
  public Counters counters() {
    return new Counters(sent, accepted, timedOut, malformed, unmatched, negativeRtt);
  }

  /**
   * The algorithm.
   *
   * @return the algorithm given at construction
   */
  public WallClockAlgorithm algorithm() {
    return algorithm;
  }

  private void expireIfDue(long nowNanos) {
    Outstanding o = outstanding;
    if (o == null || nowNanos < o.deadlineNanos) {
      return;
    }
    if (o.heldType2 != null) {
      complete(o.heldType2, o.deadlineNanos);
      return;
    }
    outstanding = null;
    timedOut++;
    nextSendNanos = o.deadlineNanos + timeoutNanos; // stands if the algorithm throws
    nextSendNanos = o.deadlineNanos + checkDelay(algorithm.onTimeout(wallClock));
  }

  private void complete(Candidate candidate, long atNanos) {
    outstanding = null;
    accepted++;
    nextSendNanos = atNanos + timeoutNanos; // stands if the algorithm throws
    nextSendNanos = atNanos + checkDelay(algorithm.onCandidate(candidate, wallClock));
  }

  private static long checkDelay(long delayNanos) {
    if (delayNanos < 0) {
      throw new IllegalStateException("the algorithm asked for a negative delay: " + delayNanos);
    }
    return delayNanos;
  }

  /** The local clock's reading at a time-source instant, nanoseconds (fractional). */
  private double localNanosAt(long timeSourceNanos) {
    Clock root = localClock.root();
    double rootTicks = Ticks.floorTicks(timeSourceNanos, root.tickRate());
    double localTicks = localClock == root ? rootTicks : localClock.fromRootTicks(rootTicks);
    return localClock.ticksToNanos(localTicks);
  }
}
