package org.dvbcss.net.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.SysClock;
import org.dvbcss.protocol.wc.WcMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stopping and restarting a CSS-WC server on the same port, with a client following it. */
class WallClockRestartTest {
  /** The transport the servers of these tests run on. */
  WallClockServerConfig.Transport transport() {
    return WallClockServerConfig.Transport.AUTO; // native sockets where built, else blocking
  }

  private static final Duration WAIT = Duration.ofSeconds(10);

  /** close() returns within about 1 s (docs/reliability.md), plus 1 s for a slow machine. */
  private static final Duration CLOSE_RETURNS = Duration.ofSeconds(2);

  private final SysClock serverClock = new SysClock();
  private final SysClock localClock = new SysClock();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private <T extends AutoCloseable> T track(T closeable) {
    open.add(closeable);
    return closeable;
  }

  private WallClockServer serve(int port) throws IOException {
    return track(
        WallClockServer.start(
            serverClock,
            WallClockServerConfig.builder()
                .transport(transport())
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                .build()));
  }

  @Test
  void closeReturnsWhileFloodedAndThePortCanBeBoundAgainAtOnce() throws Exception {
    WallClockServer server = serve(0);
    InetSocketAddress address = server.localAddress();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong sent = new AtomicLong();
    ExecutorService threads = Executors.newFixedThreadPool(3);
    track(threads::shutdownNow);
    List<CompletableFuture<Void>> flooders = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      flooders.add(CompletableFuture.runAsync(() -> flood(address, stop, sent), threads));
    }
    await().atMost(WAIT).until(() -> server.counters().answered() > 1000);

    CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close, threads);
    await().atMost(CLOSE_RETURNS).until(closing::isDone);
    assertThat(server.isRunning()).isFalse();
    long answeredAtClose = server.counters().answered();

    // still flooded, a new server takes the port at once and answers
    WallClockServer restarted = serve(address.getPort());
    assertThat(restarted.localAddress()).isEqualTo(address);
    await().atMost(WAIT).until(() -> restarted.counters().answered() > 1000);
    assertThat(server.counters().answered()).isEqualTo(answeredAtClose);
    stop.set(true);
    CompletableFuture.allOf(flooders.toArray(CompletableFuture[]::new)).get();
    assertThat(sent.get()).isPositive();
  }

  /** Sends valid requests as fast as it can until told to stop (at most 10 million). */
  private static void flood(InetSocketAddress server, AtomicBoolean stop, AtomicLong sent) {
    try (DatagramChannel channel = DatagramChannel.open()) {
      channel.connect(server);
      ByteBuffer request = ByteBuffer.wrap(WcMessage.request(1L).encode());
      ByteBuffer sink = ByteBuffer.allocate(64);
      channel.configureBlocking(false);
      for (int i = 0; i < 10_000_000 && !stop.get(); i++) {
        request.rewind();
        try {
          channel.write(request);
          sent.incrementAndGet();
          sink.clear();
          channel.read(sink); // drain answers; nothing is checked
        } catch (java.net.PortUnreachableException e) {
          // the server is between instances
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aClientKeepsRunningAcrossAServerRestartAndItsErrorBoundRecovers() throws Exception {
    WallClockServer server = serve(0);
    InetSocketAddress address = server.localAddress();
    CorrelatedClock wall = new CorrelatedClock(localClock, 1e9);
    WallClockClient client =
        track(WallClockClient.start(address, wall, WallClockClientConfig.defaults()));
    await().atMost(WAIT).until(() -> wall.dispersion() < 0.01);

    server.close();
    long timedOutBefore = client.counters().timedOut();
    double dispersionAtStop = wall.dispersion();
    // the client keeps asking; its requests go unanswered and its error bound grows
    await().atMost(WAIT).until(() -> client.counters().timedOut() >= timedOutBefore + 2);
    double dispersionWhileDown = wall.dispersion();
    assertThat(dispersionWhileDown).isGreaterThan(dispersionAtStop);

    long acceptedBefore = client.counters().accepted();
    serve(address.getPort());
    await()
        .atMost(WAIT)
        .until(
            () ->
                client.counters().accepted() > acceptedBefore
                    && wall.dispersion() < dispersionWhileDown);
    await().atMost(WAIT).until(() -> wall.dispersion() < 0.01);
    double before = serverClock.ticks();
    double estimated = wall.ticks();
    double after = serverClock.ticks();
    double error = Math.max(Math.abs(estimated - before), Math.abs(estimated - after));
    assertThat(error).isLessThanOrEqualTo(wall.dispersion() * 1e9 + (after - before));
  }
}
