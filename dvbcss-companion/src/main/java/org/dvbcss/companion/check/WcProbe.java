package org.dvbcss.companion.check;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import org.dvbcss.clock.Clock;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.wc.Candidate;
import org.dvbcss.protocol.wc.WcMessage;
import org.jspecify.annotations.Nullable;

/**
 * Raw CSS-WC exchanges with one server, keeping what the rules R-WC-1 to R-WC-4 need: where and how
 * long the datagrams were, the types, whether the originate value came back byte for byte, and the
 * field checks. Times are readings of the local clock (ticks at 1e9 per second, i.e. nanoseconds):
 * a send time is rounded down and an arrival time up, and each is read on the side of the socket
 * call that makes the measured interval longer, never shorter.
 *
 * <p>The socket is not connected: datagrams from any source are received, so that a reply from the
 * wrong address or port is seen and reported rather than silently dropped.
 *
 * <p>Threading: not thread safe; one thread drives it. {@link #close()} may be called from another
 * thread to stop a wait.
 */
final class WcProbe implements AutoCloseable {
  /** How long a type-2 response waits for its type-3 follow-up, nanoseconds. */
  static final long FOLLOW_UP_WAIT_NANOS = 1_000_000_000L;

  private static final HexFormat HEX = HexFormat.of();
  private static final int EARLIER_KEPT = 256;

  /** What became of one request. */
  enum Outcome {
    /** A type-1 response, or a type-2 and its follow-up, or a lone type 2 or 3 (see flags). */
    ANSWERED,
    /** No matching response within the wait. */
    TIMED_OUT
  }

  /**
   * One exchange.
   *
   * @param outcome answered or not
   * @param candidate the measurement, or null when not answered
   * @param response the response used (type 1, 3, or a lone 2), or null
   * @param followUpMissing a type-2 response came and no follow-up within 1 s
   */
  record Exchange(
      Outcome outcome,
      @Nullable Candidate candidate,
      @Nullable WcMessage response,
      boolean followUpMissing) {}

  private final DatagramSocket socket;
  private final InetSocketAddress server;
  private final Clock local;
  private final byte[] buffer = new byte[2048];
  private final ArrayDeque<Long> earlier = new ArrayDeque<>();
  private final Set<Long> earlierSet = new java.util.HashSet<>();
  private long lastOriginate = Long.MIN_VALUE;

  // Observations, for the rules.
  long sent;
  long fromServer;
  long answered;
  long timedOut;
  long late;
  long wrongSource;
  @Nullable String firstWrongSource;
  long wrongLength;
  @Nullable String firstWrongLength;
  long altered;
  @Nullable String firstAltered;
  long matched;
  long type1;
  long type2;
  long type3;
  long followUpMissing;
  long orphanFollowUp;
  long badType;
  @Nullable String firstBadType;
  long fieldsChecked;
  long fieldViolations;
  @Nullable String firstFieldViolation;
  long ignoredDuringRobustness;
  final Set<Integer> precisions = new LinkedHashSet<>();
  final Set<Long> maxFreqErrors = new LinkedHashSet<>();

  /** Whether mismatching replies are put down to the malformed datagrams sent (not R-WC-3). */
  boolean robustnessPhase;

  WcProbe(InetSocketAddress server, Clock local) throws IOException {
    this.server = server;
    this.local = local;
    this.socket = new DatagramSocket();
  }

  /** Sends a datagram that is not a valid request; replies echoing its bytes 8..15 are ignored. */
  void sendRaw(byte[] datagram) throws IOException {
    if (datagram.length >= 16) {
      remember(ByteBuffer.wrap(datagram, 8, 8).getLong());
    }
    socket.send(new DatagramPacket(datagram, datagram.length, server));
  }

  /**
   * Sends a request and waits for its response.
   *
   * @param waitNanos how long to wait for the response, nanoseconds
   * @return the exchange
   */
  Exchange exchange(long waitNanos) throws IOException {
    long t1 = (long) Math.floor(local.ticks());
    if (t1 <= lastOriginate) {
      t1 = lastOriginate + 1;
    }
    lastOriginate = t1;
    byte[] request = WcMessage.request(t1).encode();
    long originateWire = ByteBuffer.wrap(request, 8, 8).getLong();
    socket.send(new DatagramPacket(request, request.length, server));
    sent++;
    long deadline = System.nanoTime() + waitNanos;
    Candidate held2 = null;
    WcMessage held2Message = null;
    Candidate orphan3 = null;
    WcMessage orphan3Message = null;
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        socket.setSoTimeout(
            (int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000)));
        try {
          socket.receive(p);
        } catch (SocketTimeoutException e) {
          continue;
        }
        long t4 = (long) Math.ceil(local.ticks());
        byte[] d = Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength());
        if (!server.equals(p.getSocketAddress())) {
          wrongSource++;
          if (firstWrongSource == null) {
            firstWrongSource =
                d.length + " bytes from " + p.getSocketAddress() + " instead of " + server;
          }
          continue;
        }
        fromServer++;
        boolean matches = d.length >= 16 && Arrays.equals(d, 8, 16, request, 8, 16);
        if (robustnessPhase && !matches) {
          ignoredDuringRobustness++;
          continue;
        }
        if (d.length != WcMessage.SIZE) {
          wrongLength++;
          if (firstWrongLength == null) {
            firstWrongLength = d.length + " bytes: " + hex(d, 48);
          }
          continue;
        }
        if (!matches) {
          long echoed = ByteBuffer.wrap(d, 8, 8).getLong();
          if (earlierSet.contains(echoed)) {
            late++;
          } else {
            altered++;
            if (firstAltered == null) {
              firstAltered =
                  "sent originate "
                      + HEX.formatHex(request, 8, 16)
                      + ", received "
                      + HEX.formatHex(d, 8, 16);
            }
          }
          continue;
        }
        matched++;
        checkFields(d);
        int type = d[1] & 0xFF;
        WcMessage m;
        try {
          m = WcMessage.decode(d);
        } catch (ProtocolException e) {
          if (type > 3 || type == 0) {
            noteBadType(type, d);
          }
          continue;
        }
        precisions.add(m.precision());
        maxFreqErrors.add(m.maxFreqError());
        switch (m.type()) {
          case RESPONSE:
            type1++;
            return answered(Candidate.of(m, t4), m, false);
          case RESPONSE_WITH_FOLLOW_UP:
            type2++;
            if (held2 == null) {
              held2 = Candidate.of(m, t4);
              held2Message = m;
              deadline = System.nanoTime() + FOLLOW_UP_WAIT_NANOS;
            }
            if (orphan3 != null) {
              return answered(orphan3, orphan3Message, false);
            }
            break;
          case FOLLOW_UP:
            type3++;
            if (held2 != null) {
              return answered(Candidate.of(m, t4), m, false);
            }
            if (orphan3 == null) {
              orphan3 = Candidate.of(m, t4);
              orphan3Message = m;
            }
            break;
          default:
            noteBadType(type, d);
        }
      }
    } finally {
      remember(originateWire);
    }
    if (held2 != null) {
      followUpMissing++;
      return answered(held2, held2Message, true);
    }
    if (orphan3 != null) {
      orphanFollowUp++;
      return answered(orphan3, orphan3Message, false);
    }
    timedOut++;
    return new Exchange(Outcome.TIMED_OUT, null, null, false);
  }

  private Exchange answered(Candidate c, WcMessage m, boolean missing) {
    answered++;
    return new Exchange(Outcome.ANSWERED, c, m, missing);
  }

  private void noteBadType(int type, byte[] d) {
    badType++;
    if (firstBadType == null) {
      firstBadType = "type " + type + " in reply: " + hex(d, 32);
    }
  }

  private void checkFields(byte[] d) {
    fieldsChecked++;
    ByteBuffer b = ByteBuffer.wrap(d);
    int version = d[0] & 0xFF;
    long rs = Integer.toUnsignedLong(b.getInt(16));
    long rn = Integer.toUnsignedLong(b.getInt(20));
    long ts = Integer.toUnsignedLong(b.getInt(24));
    long tn = Integer.toUnsignedLong(b.getInt(28));
    String problem = null;
    if (version != WcMessage.VERSION) {
      problem = "version " + version;
    } else if (rn >= 1_000_000_000L) {
      problem = "receive nanoseconds field " + rn;
    } else if (tn >= 1_000_000_000L) {
      problem = "transmit nanoseconds field " + tn;
    } else if (rs * 1_000_000_000L + rn > ts * 1_000_000_000L + tn) {
      problem =
          "receive " + rs + "." + pad9(rn) + " s after transmit " + ts + "." + pad9(tn) + " s";
    }
    if (problem != null) {
      fieldViolations++;
      if (firstFieldViolation == null) {
        firstFieldViolation = problem + " in " + hex(d, 32);
      }
    }
  }

  private static String pad9(long n) {
    return String.format("%09d", n);
  }

  private void remember(long originateWire) {
    if (earlierSet.add(originateWire)) {
      earlier.addLast(originateWire);
      if (earlier.size() > EARLIER_KEPT) {
        earlierSet.remove(earlier.removeFirst());
      }
    }
  }

  private static String hex(byte[] d, int max) {
    String h = HEX.formatHex(d, 0, Math.min(d.length, max));
    return d.length > max ? h + "…" : h;
  }

  @Override
  public void close() {
    socket.close();
  }
}
