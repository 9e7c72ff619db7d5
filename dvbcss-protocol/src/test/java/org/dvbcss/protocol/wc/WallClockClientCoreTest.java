package org.dvbcss.protocol.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.dvbcss.protocol.wc.WallClockClientCore.Counters;
import org.dvbcss.protocol.wc.WcMessage.Type;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WallClockClientCoreTest {
  static final long MS = 1_000_000;
  static final long S = 1_000_000_000;
  static final long SERVER_OFFSET = 5_000 * S;

  ManualTimeSource time;
  SysClock local;
  CorrelatedClock wall;
  Recorder alg;
  WallClockClientCore core;

  /** Records what the core tells it; repeat 1 s, timeout 200 ms, retry at once. */
  static final class Recorder implements WallClockAlgorithm {
    final List<Object> outcomes = new ArrayList<>();

    @Override
    public long responseTimeoutNanos() {
      return 200 * MS;
    }

    @Override
    public long onCandidate(Candidate candidate, CorrelatedClock wallClock) {
      outcomes.add(candidate);
      wallClock.setCorrelation(candidate.correlationFor(wallClock));
      return S;
    }

    @Override
    public long onTimeout(CorrelatedClock wallClock) {
      outcomes.add("timeout");
      return 0;
    }
  }

  @BeforeEach
  void setUp() {
    time = new ManualTimeSource(100 * S);
    local = SysClock.builder().timeSource(time).precision(1e-6).build();
    wall = new CorrelatedClock(local, 1e9);
    alg = new Recorder();
    core = new WallClockClientCore(wall, alg);
  }

  WcMessage send() {
    Optional<byte[]> out = core.poll(time.nanoTime());
    assertThat(out).as("a request is due").isPresent();
    assertThat(out.get()).hasSize(32);
    WcMessage request = WcMessage.decode(out.get());
    assertThat(request.type()).isEqualTo(Type.REQUEST);
    return request;
  }

  /** The server's answer, received {@code d1} after sending, as if its clock were ours + offset. */
  static WcMessage answer(WcMessage request, Type type, long receiveNanos, long transmitNanos) {
    return request.toResponse(type, -20, 128000, receiveNanos, transmitNanos);
  }

  void deliver(WcMessage m) {
    core.onDatagram(ByteBuffer.wrap(m.encode()), time.nanoTime());
  }

  @Test
  void startsUnknownAndSendsAtOnceWithTheLocalClockAsOriginate() {
    assertThat(wall.dispersion()).isInfinite();
    assertThat(core.nextActionNanos()).isEqualTo(100 * S);
    WcMessage request = send();
    assertThat(request.originateNanos()).isEqualTo(100 * S);
    assertThat(core.isAwaitingResponse()).isTrue();
    assertThat(core.nextActionNanos()).isEqualTo(100 * S + 200 * MS);
    assertThat(core.poll(time.nanoTime())).as("one request at a time").isEmpty();
    assertThat(core.counters()).isEqualTo(new Counters(1, 0, 0, 0, 0, 0));
  }

  @Test
  void aMatchingResponseBecomesACandidate() {
    WcMessage request = send();
    time.advance(10 * MS);
    long serverNow = time.nanoTime() + SERVER_OFFSET;
    deliver(answer(request, Type.RESPONSE, serverNow - 5 * MS, serverNow - 5 * MS + 100));
    assertThat(alg.outcomes).hasSize(1);
    Candidate c = (Candidate) alg.outcomes.get(0);
    assertThat(c.t1()).isEqualTo(100 * S);
    assertThat(c.t4()).isEqualTo(100 * S + 10 * MS);
    assertThat(c.rttNanos()).isEqualTo(10 * MS - 100);
    assertThat(core.isAwaitingResponse()).isFalse();
    assertThat(core.nextActionNanos()).isEqualTo(time.nanoTime() + S);
    assertThat(wall.dispersion()).isLessThan(0.006);
    assertThat(core.counters()).isEqualTo(new Counters(1, 1, 0, 0, 0, 0));
  }

  @Test
  void aNegativeRoundTripIsRefusedAndCountedNeverClampedToZero() {
    WcMessage request = send();
    time.advance(10 * MS);
    // the server claims 11 ms passed between t2 and t3, the client measured 10 ms in all
    deliver(answer(request, Type.RESPONSE, 5 * S, 5 * S + 11 * MS));
    assertThat(alg.outcomes).isEmpty();
    assertThat(wall.dispersion()).isInfinite();
    assertThat(core.isAwaitingResponse()).as("as if it had not arrived").isTrue();
    assertThat(core.counters()).isEqualTo(new Counters(1, 0, 0, 0, 0, 1));
    // a type 2 with a negative round trip is not held either: the request times out
    time.advance(190 * MS);
    WcMessage second = send(); // the timeout, and the next request at once
    assertThat(alg.outcomes).containsExactly("timeout");
    time.advance(MS);
    deliver(answer(second, Type.RESPONSE_WITH_FOLLOW_UP, 6 * S, 6 * S + 2 * MS));
    time.advance(200 * MS);
    assertThat(core.poll(time.nanoTime())).isPresent();
    assertThat(alg.outcomes).containsExactly("timeout", "timeout");
    assertThat(core.counters()).isEqualTo(new Counters(3, 0, 2, 0, 0, 2));
  }

  @Test
  void duplicatesAndStaleResponsesAreCountedAndIgnored() {
    WcMessage first = send();
    time.advance(5 * MS);
    WcMessage response = answer(first, Type.RESPONSE, 10 * S, 10 * S);
    deliver(response);
    deliver(response); // duplicate
    time.advance(S);
    WcMessage second = send();
    deliver(response); // stale: answers the first request
    deliver(answer(WcMessage.request(42), Type.RESPONSE, 1, 1)); // unknown originate
    assertThat(alg.outcomes).hasSize(1);
    assertThat(core.isAwaitingResponse()).isTrue();
    deliver(answer(second, Type.RESPONSE, 11 * S, 11 * S));
    assertThat(alg.outcomes).hasSize(2);
    assertThat(core.counters()).isEqualTo(new Counters(2, 2, 0, 0, 3, 0));
  }

  @Test
  void matchesTheOriginateByteForByte() {
    WcMessage request = send();
    // same meaning in nanoseconds, different bytes: seconds-1 and nanos field + 1e9
    long wire = request.originateWire();
    long other = ((wire >>> 32) - 1) << 32 | ((wire & 0xFFFF_FFFFL) + 1_000_000_000L);
    WcMessage lookalike =
        new WcMessage(Type.RESPONSE, -20, 0, request.originateNanos(), 10 * S, 10 * S, other);
    deliver(lookalike);
    assertThat(alg.outcomes).isEmpty();
    assertThat(core.counters().unmatched()).isEqualTo(1);
  }

  @Test
  void prefersTheFollowUpToItsResponse() {
    WcMessage request = send();
    time.advance(4 * MS);
    WcMessage type2 = answer(request, Type.RESPONSE_WITH_FOLLOW_UP, 10 * S, 10 * S + 50);
    deliver(type2);
    assertThat(alg.outcomes).as("held for its follow-up").isEmpty();
    deliver(type2); // a duplicate type 2 changes nothing
    time.advance(2 * MS);
    deliver(type2.toFollowUp(10 * S + 20));
    assertThat(alg.outcomes).hasSize(1);
    Candidate c = (Candidate) alg.outcomes.get(0);
    assertThat(c.t3()).isEqualTo(10 * S + 20);
    assertThat(c.t4()).isEqualTo(100 * S + 6 * MS);
    assertThat(core.counters()).isEqualTo(new Counters(1, 1, 0, 0, 1, 0));
  }

  @Test
  void aFollowUpArrivingFirstIsUsedAndItsResponseIgnored() {
    WcMessage request = send();
    WcMessage type2 = answer(request, Type.RESPONSE_WITH_FOLLOW_UP, 10 * S, 10 * S);
    time.advance(3 * MS);
    deliver(type2.toFollowUp(10 * S + 10));
    deliver(type2);
    assertThat(alg.outcomes).hasSize(1);
    assertThat(((Candidate) alg.outcomes.get(0)).t3()).isEqualTo(10 * S + 10);
    assertThat(core.counters().unmatched()).isEqualTo(1);
  }

  @Test
  void fallsBackToTheResponseWhenTheFollowUpIsLost() {
    WcMessage request = send();
    time.advance(4 * MS);
    deliver(answer(request, Type.RESPONSE_WITH_FOLLOW_UP, 10 * S, 10 * S));
    time.advance(195 * MS);
    assertThat(core.poll(time.nanoTime())).isEmpty();
    assertThat(alg.outcomes).isEmpty();
    time.advance(1 * MS); // the deadline, 200 ms after sending
    assertThat(core.poll(time.nanoTime())).isEmpty();
    assertThat(alg.outcomes).hasSize(1);
    assertThat(((Candidate) alg.outcomes.get(0)).t4()).isEqualTo(100 * S + 4 * MS);
    assertThat(core.nextActionNanos()).isEqualTo(100 * S + 200 * MS + S);
    assertThat(core.counters()).isEqualTo(new Counters(1, 1, 0, 0, 0, 0));
  }

  @Test
  void timesOutLostRequestsAndRetriesAtTheAlgorithmsPace() {
    WcMessage first = send();
    time.advance(199 * MS);
    assertThat(core.poll(time.nanoTime())).isEmpty();
    time.advance(MS);
    WcMessage second = send(); // timed out, and the algorithm asked to retry at once
    assertThat(alg.outcomes).containsExactly("timeout");
    assertThat(second.originateNanos()).isGreaterThan(first.originateNanos());
    time.advance(250 * MS);
    deliver(answer(first, Type.RESPONSE, 1, 1)); // late answers are stale
    deliver(answer(second, Type.RESPONSE, 1, 1)); // so is this one: the deadline passed first
    assertThat(alg.outcomes).containsExactly("timeout", "timeout");
    assertThat(core.counters()).isEqualTo(new Counters(2, 0, 2, 0, 2, 0));
  }

  @Test
  void countsMalformedDatagramsAndNeverThrows() {
    WcMessage request = send();
    core.onDatagram(new byte[0], time.nanoTime());
    core.onDatagram(new byte[31], time.nanoTime());
    byte[] badVersion = answer(request, Type.RESPONSE, 1, 1).encode();
    badVersion[0] = 1;
    core.onDatagram(badVersion, time.nanoTime());
    byte[] badType = answer(request, Type.RESPONSE, 1, 1).encode();
    badType[1] = 9;
    core.onDatagram(badType, time.nanoTime());
    core.onDatagram(request.encode(), time.nanoTime()); // a request is not a response
    assertThat(core.counters()).isEqualTo(new Counters(1, 0, 0, 5, 0, 0));
    assertThat(core.isAwaitingResponse()).isTrue();
    deliver(answer(request, Type.RESPONSE, 1, 1));
    assertThat(core.counters().accepted()).isEqualTo(1);
  }

  @Test
  void originatesStayDistinctWhenTheLocalClockStandsStill() {
    CorrelatedClock paused =
        new CorrelatedClock(local, 1e9, new org.dvbcss.clock.Correlation(0, 7 * S), 0);
    WallClockClientCore e = new WallClockClientCore(new CorrelatedClock(paused, 1e9), alg);
    WcMessage first = WcMessage.decode(e.poll(time.nanoTime()).orElseThrow());
    time.advance(200 * MS); // times out; the retry is due at once
    WcMessage second = WcMessage.decode(e.poll(time.nanoTime()).orElseThrow());
    assertThat(first.originateNanos()).isEqualTo(7 * S);
    assertThat(second.originateNanos()).isEqualTo(7 * S + 1);
  }

  @Test
  void convenienceOverloadsReadTheTimeSource() {
    byte[] out = core.poll().orElseThrow();
    WcMessage request = WcMessage.decode(out);
    time.advance(MS);
    core.onDatagram(ByteBuffer.wrap(answer(request, Type.RESPONSE, 7, 8).encode()));
    assertThat(((Candidate) alg.outcomes.get(0)).t4()).isEqualTo(100 * S + MS);
    assertThat(core.algorithm()).isSameAs(alg);
  }

  @Test
  void aLocalClockAtAnotherTickRateIsReadInNanoseconds() {
    SysClock micro = SysClock.builder().timeSource(time).tickRate(1e6).precision(1e-6).build();
    CorrelatedClock w = new CorrelatedClock(micro, 1e9);
    WallClockClientCore e = new WallClockClientCore(w, new Recorder());
    time.advance(1234);
    WcMessage request = WcMessage.decode(e.poll(time.nanoTime()).orElseThrow());
    assertThat(request.originateNanos()).isEqualTo(100 * S + 1000); // whole microseconds
  }

  @Test
  void refusesToSendWhenTheLocalClockCannotBeCarried() {
    CorrelatedClock negativeLocal =
        new CorrelatedClock(local, 1e9, new org.dvbcss.clock.Correlation(100 * S, -S));
    CorrelatedClock w = new CorrelatedClock(negativeLocal, 1e9);
    WallClockClientCore e = new WallClockClientCore(w, new Recorder());
    assertThatThrownBy(() -> e.poll(time.nanoTime()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("-1000000000 ns");
  }

  @Test
  void aNegativeDelayFromTheAlgorithmIsAnError() {
    WallClockAlgorithm broken =
        new WallClockAlgorithm() {
          @Override
          public long responseTimeoutNanos() {
            return MS;
          }

          @Override
          public long onCandidate(Candidate candidate, CorrelatedClock wallClock) {
            return -1;
          }

          @Override
          public long onTimeout(CorrelatedClock wallClock) {
            return -1;
          }
        };
    WallClockClientCore e = new WallClockClientCore(wall, broken);
    e.poll(time.nanoTime());
    time.advance(MS);
    assertThatThrownBy(() -> e.poll(time.nanoTime()))
        .hasMessage("the algorithm asked for a negative delay: -1");
    assertThat(e.nextActionNanos())
        .as("scheduled as if it asked for the timeout")
        .isEqualTo(time.nanoTime() + MS);
  }
}
