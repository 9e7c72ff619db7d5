package org.dvbcss.tools.wc;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.wc.WcMessage;
import org.dvbcss.tools.LoggingOptions;
import org.dvbcss.tools.RunLength;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dvbcss wc-load}: a load generator for CSS-WC servers. Keeps N requests in flight from one
 * socket, counts responses per second and records round-trip times in an HdrHistogram.
 *
 * <p>Only loopback and private addresses are accepted: this is for measuring your own servers.
 *
 * <p>Not thread safe: one instance serves one run, on the calling thread.
 */
@Command(
    name = "wc-load",
    mixinStandardHelpOptions = true,
    description = {
      "Load a CSS-WC server: keep N requests in flight and report responses per second and"
          + " round-trip time percentiles.",
      "",
      "Loopback and private addresses only. Each request's originate value is its send time, so"
          + " the echo gives the round-trip time; a request unanswered for 200 ms counts as lost"
          + " and is replaced.",
      "",
      "With --malformed-ratio, malformed datagrams (wrong sizes, versions and types, responses,"
          + " random bytes) are mixed among the requests, and a second line tells whether every"
          + " request was still answered.",
      ""
    })
public final class WcLoadCommand implements Callable<Integer> {
  private static final long LOSS_TIMEOUT_NANOS = 200_000_000L;
  private static final int MAX_IN_FLIGHT = 1024;

  @Mixin private LoggingOptions logging;

  @Spec private CommandSpec spec;

  @Mixin private WcServerParameters serverArguments;

  @Option(
      names = "--in-flight",
      paramLabel = "N",
      defaultValue = "64",
      description = "Requests kept in flight, 1 to 1024 (default: ${DEFAULT-VALUE}).")
  private int inFlight;

  @Option(
      names = "--duration",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description = "How long to measure, after a 1 s warm-up (default: ${DEFAULT-VALUE}).")
  private double durationSeconds;

  @Option(
      names = "--warmup",
      paramLabel = "SECONDS",
      defaultValue = "1",
      description = "Load before measuring (default: ${DEFAULT-VALUE}).")
  private double warmupSeconds;

  @Option(
      names = "--malformed-ratio",
      paramLabel = "R",
      defaultValue = "0",
      description =
          "Fraction of the datagrams sent that are malformed, 0 to 0.99 (default:"
              + " ${DEFAULT-VALUE}).")
  private double malformedRatio;

  private final Random random = new Random(1);
  private @Nullable DatagramChannel malformedChannel;
  private @Nullable InetSocketAddress target;
  private double malformedCredit;
  private long requestsSent;
  private long malformedSent;

  @Override
  public Integer call() throws IOException {
    WcServerArgs given = serverArguments.server();
    String host = given.host();
    int port = given.port();
    InetAddress address = InetAddress.getByName(host);
    if (!isLoopbackOrPrivate(address)) {
      throw new ParameterException(
          spec.commandLine(), "wc-load only loads loopback or private addresses, not " + address);
    }
    if (inFlight < 1
        || inFlight > MAX_IN_FLIGHT
        || !(durationSeconds > 0)
        || !(warmupSeconds >= 0)
        || !(malformedRatio >= 0 && malformedRatio <= 0.99)) {
      throw new ParameterException(
          spec.commandLine(),
          "--in-flight must be 1..1024, --duration > 0, --warmup >= 0,"
              + " --malformed-ratio 0..0.99");
    }
    Result result = run(new InetSocketAddress(address, port));
    PrintWriter out = spec.commandLine().getOut();
    out.println(result.describe(inFlight));
    if (malformedRatio > 0) {
      out.println(result.describeWholeRun(inFlight));
    }
    out.flush();
    return result.responses == 0 ? 1 : 0;
  }

  static boolean isLoopbackOrPrivate(InetAddress a) {
    if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress()) {
      return true;
    }
    return a instanceof Inet6Address && (a.getAddress()[0] & 0xFE) == 0xFC; // fc00::/7
  }

  private Result run(InetSocketAddress server) throws IOException {
    Histogram rtt = new Histogram(3_600_000_000_000L, 3);
    long[] sentAt = new long[inFlight];
    try (DatagramChannel channel =
            DatagramChannel.open(
                server.getAddress() instanceof Inet6Address
                    ? StandardProtocolFamily.INET6
                    : StandardProtocolFamily.INET);
        Selector selector = Selector.open();
        DatagramChannel malformedChannel =
            DatagramChannel.open(
                server.getAddress() instanceof Inet6Address
                    ? StandardProtocolFamily.INET6
                    : StandardProtocolFamily.INET)) {
      channel.connect(server);
      this.malformedChannel = malformedChannel;
      this.target = server;
      channel.configureBlocking(false);
      channel.register(selector, SelectionKey.OP_READ);
      ByteBuffer out = ByteBuffer.allocateDirect(WcMessage.SIZE);
      ByteBuffer in = ByteBuffer.allocateDirect(64);

      long start = System.nanoTime();
      long measureFrom = start + (long) (warmupSeconds * 1e9);
      long end = RunLength.ofSeconds(durationSeconds).endNanos(measureFrom);
      // the requests themselves go out as answers come in: a selector loop, not a timed one
      long responses = 0;
      long lost = 0;
      long answeredInTime = 0;
      long lostInRun = 0;
      long late = 0;
      for (int slot = 0; slot < inFlight; slot++) {
        sentAt[slot] = send(channel, out, slot);
      }
      long now;
      while ((now = System.nanoTime()) < end) {
        if (selector.select(50) > 0) {
          selector.selectedKeys().clear();
        }
        while (true) {
          in.clear();
          if (channel.receive(in) == null) {
            break;
          }
          long arrived = System.nanoTime();
          in.flip();
          int slot = answeredSlot(in, sentAt);
          if (slot == LATE) {
            late++;
          }
          if (slot < 0) {
            continue;
          }
          answeredInTime++;
          if (arrived >= measureFrom && arrived < end) {
            responses++;
            rtt.recordValue(Math.max(0, arrived - sentAt[slot]));
          }
          sentAt[slot] = send(channel, out, slot);
        }
        for (int slot = 0; slot < inFlight; slot++) {
          if (now - sentAt[slot] > LOSS_TIMEOUT_NANOS) {
            if (now >= measureFrom) {
              lost++;
            }
            lostInRun++;
            sentAt[slot] = send(channel, out, slot);
          }
        }
      }
      return new Result(
          responses,
          lost,
          durationSeconds,
          rtt,
          new WholeRun(requestsSent, answeredInTime, lostInRun, late, malformedSent));
    }
  }

  /**
   * Sends the request for a slot. The originate value is the send time rounded down to a multiple
   * of 1024 ns, with the slot number in its low 10 bits: unique per slot and recoverable from the
   * echo.
   */
  private long send(DatagramChannel channel, ByteBuffer out, int slot) throws IOException {
    long now = System.nanoTime();
    out.clear();
    WcMessage.request(originateFor(now, slot)).encode(out);
    out.flip();
    channel.write(out);
    requestsSent++;
    DatagramChannel extra = malformedChannel;
    InetSocketAddress to = target;
    if (malformedRatio > 0 && extra != null && to != null) {
      // R of all datagrams malformed: R / (1 - R) malformed per request, spread evenly
      malformedCredit += malformedRatio / (1 - malformedRatio);
      while (malformedCredit >= 1) {
        malformedCredit -= 1;
        // from an unconnected, blocking socket: a connected one skips empty datagrams
        extra.send(ByteBuffer.wrap(malformed(random)), to);
        malformedSent++;
      }
    }
    return now;
  }

  /**
   * A datagram a CSS-WC server must drop: a wrong size, a wrong version, a response type, an
   * unknown type, or random bytes that are not a request.
   *
   * @param random where the bytes come from
   * @return the datagram
   */
  static byte[] malformed(Random random) {
    byte[] b = WcMessage.request(random.nextLong() & 0xFFFF_FFFFL).encode();
    switch (random.nextInt(5)) {
      case 0 -> {
        int size = random.nextInt(20) == 0 ? 1472 : random.nextInt(64);
        b = new byte[size >= WcMessage.SIZE ? size + 1 : size]; // never 32
        random.nextBytes(b);
      }
      case 1 -> b[0] = (byte) (1 + random.nextInt(255)); // version
      case 2 -> b[1] = (byte) (1 + random.nextInt(3)); // a response sent to the server
      case 3 -> b[1] = (byte) (4 + random.nextInt(252)); // unknown type
      default -> {
        random.nextBytes(b);
        if (b[0] == 0) {
          b[0] = 1; // random bytes that would make a request
        }
      }
    }
    return b;
  }

  private static long originateFor(long sendNanos, int slot) {
    return (sendNanos & ~(long) (MAX_IN_FLIGHT - 1)) | slot;
  }

  /** {@link #answeredSlot} for an answer to a request already counted lost and replaced. */
  private static final int LATE = -2;

  private int answeredSlot(ByteBuffer datagram, long[] sentAt) {
    try {
      WcMessage response = WcMessage.decode(datagram);
      if (!response.type().isResponse() || response.type() == WcMessage.Type.FOLLOW_UP) {
        return -1;
      }
      long originate = response.originateNanos();
      int slot = (int) (originate & (MAX_IN_FLIGHT - 1));
      if (slot >= sentAt.length) {
        return -1;
      }
      if (originate != originateFor(sentAt[slot], slot)) {
        return LATE; // an answer to a request already replaced
      }
      return slot;
    } catch (ProtocolException e) {
      return -1;
    }
  }

  /**
   * Counts over the whole run, warm-up included: every request sent was answered in time, counted
   * lost, or is still in flight at the end.
   */
  record WholeRun(long requests, long answered, long lost, long late, long malformed) {}

  /** What a run measured. */
  record Result(long responses, long lost, double seconds, Histogram rtt, WholeRun run) {
    String describeWholeRun(int inFlight) {
      return String.format(
          Locale.ROOT,
          "whole run: %d requests sent, %d answered in time, %d lost (%d answered late),"
              + " %d in flight at the end; %d malformed datagrams sent (%.1f %%); %s",
          run.requests,
          run.answered,
          run.lost,
          run.late,
          inFlight,
          run.malformed,
          100.0 * run.malformed / Math.max(1, run.malformed + run.requests),
          run.lost == 0 ? "every request answered" : "NOT every request answered");
    }

    String describe(int inFlight) {
      return String.format(
          Locale.ROOT,
          "in-flight %d: %.0f responses/s (%d in %.1f s, %d lost); rtt us: p50 %.1f  p90 %.1f"
              + "  p99 %.1f  p99.9 %.1f  max %.1f",
          inFlight,
          responses / seconds,
          responses,
          seconds,
          lost,
          rtt.getValueAtPercentile(50) / 1e3,
          rtt.getValueAtPercentile(90) / 1e3,
          rtt.getValueAtPercentile(99) / 1e3,
          rtt.getValueAtPercentile(99.9) / 1e3,
          rtt.getMaxValue() / 1e3);
    }
  }
}
