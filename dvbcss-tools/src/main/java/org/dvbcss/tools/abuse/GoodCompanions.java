package org.dvbcss.tools.abuse;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLException;
import org.dvbcss.net.cii.CiiClient;
import org.dvbcss.net.ts.TsClient;
import org.dvbcss.net.wsclient.WebSocketClientConfig;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.CiiProperty;
import org.dvbcss.protocol.ts.ControlTimestamp;
import org.dvbcss.protocol.ts.SetupData;
import org.dvbcss.tv.DemoContent;
import org.jspecify.annotations.Nullable;

/**
 * The well-behaved companions that watch the TV while it is abused: what each saw (content ids from
 * CSS-CII, timeline speeds from CSS-TS; entry 0 is the state on connecting) and when, by {@link
 * System#nanoTime()}. Starting and closing: one thread; what they saw is recorded on the clients'
 * threads and safe to read from any.
 */
final class GoodCompanions implements AutoCloseable {
  private final List<CiiClient> ciiClients = new ArrayList<>();
  private final List<TsClient> tsClients = new ArrayList<>();
  private final List<List<String>> ciiSeen = new ArrayList<>();
  private final List<List<Double>> tsSeen = new ArrayList<>();
  private final List<List<Long>> ciiArrived = new ArrayList<>();
  private final List<List<Long>> tsArrived = new ArrayList<>();

  /**
   * Starts {@code n} CSS-CII companions.
   *
   * @param ciiUrl the TV's CII URL
   * @param n how many
   * @throws SSLException if a client's TLS cannot be set up
   */
  void startCii(URI ciiUrl, int n) throws SSLException {
    for (int i = 0; i < n; i++) {
      List<String> seen = new CopyOnWriteArrayList<>();
      List<Long> arrived = new CopyOnWriteArrayList<>();
      ciiSeen.add(seen);
      ciiArrived.add(arrived);
      CiiClient c =
          CiiClient.builder(ciiUrl)
              .webSocket(
                  WebSocketClientConfig.builder().pingInterval(Duration.ofSeconds(1)).build())
              .listener(
                  new CiiClient.Listener() {
                    @Override
                    public void changed(Cii state, Set<CiiProperty> changed, Cii message) {
                      if (changed.contains(CiiProperty.CONTENT_ID)) {
                        arrived.add(System.nanoTime());
                        seen.add(String.valueOf(state.contentId().orNull()));
                      }
                    }
                  })
              .start();
      ciiClients.add(c);
    }
  }

  /**
   * Starts {@code n} CSS-TS companions of the demo content's PTS timeline.
   *
   * @param tsUrl the TV's TS URL
   * @param n how many
   * @throws SSLException if a client's TLS cannot be set up
   */
  void startTs(URI tsUrl, int n) throws SSLException {
    for (int i = 0; i < n; i++) {
      List<Double> seen = new CopyOnWriteArrayList<>();
      List<Long> arrived = new CopyOnWriteArrayList<>();
      tsSeen.add(seen);
      tsArrived.add(arrived);
      tsClients.add(
          TsClient.builder(tsUrl, new SetupData("", DemoContent.PTS))
              .webSocket(
                  WebSocketClientConfig.builder().pingInterval(Duration.ofSeconds(1)).build())
              .listener(
                  new TsClient.Listener() {
                    @Override
                    public void controlTimestamp(ControlTimestamp ct) {
                      Double speed = ct.timelineSpeedMultiplier();
                      arrived.add(System.nanoTime());
                      seen.add(speed == null ? Double.NaN : speed);
                    }
                  })
              .start());
    }
  }

  /** Whether the first CSS-CII companion has had its first message. */
  boolean firstCiiHeard() {
    return !ciiSeen.get(0).isEmpty();
  }

  /** The TS URL the first CSS-CII companion was told of, or null if none. */
  @Nullable URI tsUrl() {
    String ts = ciiClients.get(0).state().tsUrl().orNull();
    return ts == null ? null : URI.create(ts);
  }

  /** How many companions have been started. */
  int size() {
    return ciiClients.size() + tsClients.size();
  }

  /** How many CSS-TS companions have been started. */
  int tsCount() {
    return tsSeen.size();
  }

  /** Whether every companion has had its first message. */
  boolean allHeard() {
    return ciiSeen.stream().allMatch(s -> !s.isEmpty())
        && tsSeen.stream().allMatch(s -> !s.isEmpty());
  }

  /** Whether every companion has had at least as many changes as the TV made. */
  boolean caughtUp(Changes changes) {
    return ciiSeen.stream().allMatch(s -> s.size() - 1 >= changes.ciiCount())
        && tsSeen.stream().allMatch(s -> s.size() - 1 >= changes.tsCount());
  }

  /** The changes the companions missed of those the TV made ({@link AbuseReport#missed}). */
  int missed(Changes changes) {
    int missed = 0;
    for (List<String> s : ciiSeen) {
      missed += changes.missedCii(s.subList(1, s.size()));
    }
    for (List<Double> s : tsSeen) {
      missed += changes.missedTs(s.subList(1, s.size()));
    }
    return missed;
  }

  /**
   * Without known changes: how far they are behind each other ({@link AbuseReport#missedAmong}).
   */
  int missedAmong() {
    return AbuseReport.missedAmong(ciiSeen) + AbuseReport.missedAmong(tsSeen);
  }

  /**
   * How long each change made from the given ones on took to reach each companion, in nanoseconds.
   *
   * @param changes the changes the TV made
   * @param ciiFirst the index of the first CSS-CII change to count
   * @param tsFirst the index of the first CSS-TS change to count
   * @return the delays
   */
  List<Long> delays(Changes changes, int ciiFirst, int tsFirst) {
    List<Long> delays = new ArrayList<>();
    addDelays(delays, ciiArrived, changes.ciiMadeAt(), ciiFirst);
    addDelays(delays, tsArrived, changes.tsMadeAt(), tsFirst);
    return delays;
  }

  /**
   * Adds, for every companion, how long each change made from index {@code first} on took to reach
   * it: its arrival time (entry 0 is the state on connecting, so change k is entry k + 1) minus the
   * time the change was made, in nanoseconds.
   */
  static void addDelays(List<Long> delays, List<List<Long>> arrived, List<Long> madeAt, int first) {
    for (List<Long> times : arrived) {
      for (int k = first; k < madeAt.size() && k + 1 < times.size(); k++) {
        delays.add(times.get(k + 1) - madeAt.get(k));
      }
    }
  }

  /** Closes every companion. */
  @Override
  public void close() {
    ciiClients.forEach(CiiClient::close);
    tsClients.forEach(TsClient::close);
  }
}
