package org.dvbcss.net.wc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import org.dvbcss.clock.SysClock;
import org.dvbcss.protocol.wc.WcMessage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The native and the blocking transports allocate nothing per request in steady state: the bytes
 * allocated by the server's own receiving thread, read with {@code
 * com.sun.management.ThreadMXBean}, over many requests on a real socket on 127.0.0.1 after a
 * warm-up. (Netty's epoll transport does allocate, inside Netty, and is not the default.)
 */
class WallClockAllocationTest {
  private static final int WARM_UP = 30_000;
  private static final int MEASURED = 100_000;
  private static final int BURST = 16; // requests in flight at once
  private static final int TIMEOUT_MS = 2_000;

  @ParameterizedTest
  @EnumSource(
      value = WallClockServerConfig.Transport.class,
      names = {"NATIVE", "BLOCKING"})
  void theReceivingThreadAllocatesLessThanOneBytePerRequestAfterWarmUp(
      WallClockServerConfig.Transport transport) throws Exception {
    if (transport == WallClockServerConfig.Transport.NATIVE) {
      NativeLibrary.require();
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(
        threads.isThreadAllocatedMemorySupported(), "per-thread allocation not measured here");
    threads.setThreadAllocatedMemoryEnabled(true);
    WallClockServerConfig config =
        WallClockServerConfig.builder()
            .transport(transport)
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .build();
    try (WallClockServer server = WallClockServer.start(new SysClock(), config);
        DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      client.setSoTimeout(TIMEOUT_MS);
      client.connect(server.localAddress());
      long serverThread = serverThreadId();

      exchange(client, server, WARM_UP);
      long answeredBefore = server.counters().answered();
      long bytesBefore = threads.getThreadAllocatedBytes(serverThread);
      exchange(client, server, MEASURED);
      long bytesAfter = threads.getThreadAllocatedBytes(serverThread);
      long answered = server.counters().answered() - answeredBefore;

      assertThat(bytesBefore).as("allocation of the server thread is measured").isNotNegative();
      assertThat(answered).as("requests answered while measured").isGreaterThan(MEASURED * 9L / 10);
      double perRequest = (double) (bytesAfter - bytesBefore) / answered;
      assertThat(perRequest)
          .as(
              "bytes per request allocated by the receiving thread (%d bytes, %d requests)",
              bytesAfter - bytesBefore, answered)
          .isLessThan(1.0);
      assertThat(server.counters().droppedTotal()).isZero();
    }
  }

  private static long serverThreadId() {
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals("dvbcss-wc-server-0")) {
        return thread.getId();
      }
    }
    throw new AssertionError("no receiving thread named dvbcss-wc-server-0");
  }

  /**
   * Sends {@code count} requests in bursts of {@link #BURST} and reads their responses; waits until
   * the server has answered all that reached it, so that it is idle in its receive at return.
   */
  private static void exchange(DatagramSocket client, WallClockServer server, int count)
      throws IOException, InterruptedException {
    long target = server.counters().answered() + count;
    byte[] request = WcMessage.request(0).encode();
    DatagramPacket out = new DatagramPacket(request, request.length);
    byte[] buffer = new byte[WcMessage.SIZE + 1];
    DatagramPacket in = new DatagramPacket(buffer, buffer.length);
    for (int sent = 0; sent < count; sent += BURST) {
      int burst = Math.min(BURST, count - sent);
      for (int i = 0; i < burst; i++) {
        out.setData(WcMessage.request(sent + i).encode());
        client.send(out);
      }
      for (int i = 0; i < burst; i++) {
        in.setLength(buffer.length);
        try {
          client.receive(in);
        } catch (SocketTimeoutException lost) {
          break; // a datagram lost on loopback: the burst is over, the count tells
        }
        assertThat(in.getLength()).isEqualTo(WcMessage.SIZE);
      }
    }
    for (int i = 0; i < 100 && server.counters().answered() < target; i++) {
      Thread.sleep(10);
    }
  }
}
