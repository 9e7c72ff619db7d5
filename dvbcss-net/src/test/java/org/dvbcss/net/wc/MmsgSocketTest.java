package org.dvbcss.net.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The native batched socket on its own, on 127.0.0.1 and ::1: what a batch holds, where answers go,
 * and that a blocked receive returns once the socket is shut down. With {@code CI} set the library
 * must be there (it is built by Maven with gcc); elsewhere the tests skip without it.
 */
class MmsgSocketTest {
  private static final int TIMEOUT_MS = 5_000;

  @BeforeAll
  static void needsTheLibrary() {
    NativeLibrary.require();
  }

  @Test
  void aBatchHoldsEveryQueuedDatagramWithItsLengthAndSource() throws Exception {
    try (MmsgSocket socket = new MmsgSocket(loopback(0), false, 8);
        DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      InetSocketAddress server = loopback(socket.localPort());
      int[] lengths = {32, 40, 1, 0, 33};
      for (int i = 0; i < lengths.length; i++) {
        byte[] data = new byte[lengths[i]];
        Arrays.fill(data, (byte) (i + 1));
        client.send(new DatagramPacket(data, data.length, server));
      }
      Map<Integer, Integer> seen = new HashMap<>(); // first byte (the datagram's number) -> length
      ByteBuffer view = socket.datagrams().duplicate();
      for (int round = 0; round < 50 && seen.size() < lengths.length; round++) {
        int n = socket.receive();
        assertThat(n).isBetween(0, 8);
        for (int i = 0; i < n; i++) {
          ByteBuffer d = socket.datagram(i, view);
          int number = d.remaining() == 0 ? 4 : d.get(d.position()); // the empty one is the 4th
          seen.put(number, d.remaining());
          assertThat(socket.source(i)).isEqualTo(client.getLocalSocketAddress());
          assertThat(socket.sourceAddress(i)).isEqualTo(InetAddress.getLoopbackAddress());
        }
      }
      // a datagram longer than a message is cut to IN_LEN, so it still shows as too long
      assertThat(seen).containsExactlyInAnyOrderEntriesOf(Map.of(1, 32, 2, 33, 3, 1, 4, 0, 5, 33));
    }
  }

  @Test
  void answersGoToTheSourcesTheyAreGivenInOneSend() throws Exception {
    try (MmsgSocket socket = new MmsgSocket(loopback(0), false, 8);
        DatagramSocket a = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket b = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      a.setSoTimeout(TIMEOUT_MS);
      b.setSoTimeout(TIMEOUT_MS);
      InetSocketAddress server = loopback(socket.localPort());
      a.send(new DatagramPacket(new byte[32], 32, server));
      receiveAtLeast(socket, 1);
      b.send(new DatagramPacket(new byte[32], 32, server));
      receiveAtLeast(socket, 1); // slot 0 now holds b
      a.send(new DatagramPacket(new byte[32], 32, server));
      b.send(new DatagramPacket(new byte[32], 32, server));
      int n = receiveAtLeast(socket, 2);
      // answer each datagram of this batch twice, numbered, to its own source
      int answers = 0;
      for (int i = 0; i < n; i++) {
        for (int copy = 0; copy < 2; copy++) {
          ByteBuffer out = socket.answer(answers);
          byte[] answer = new byte[32];
          answer[0] = (byte) (10 * i + copy);
          out.put(out.position(), answer);
          socket.answerTo(answers, i);
          answers++;
        }
      }
      assertThat(socket.send(answers)).as("answers that could not be sent").isZero();
      for (int i = 0; i < n; i++) {
        DatagramSocket to =
            socket.source(i).equals(a.getLocalSocketAddress()) ? a : b; // each got its own two
        for (int copy = 0; copy < 2; copy++) {
          DatagramPacket p = new DatagramPacket(new byte[64], 64);
          to.receive(p);
          assertThat(p.getLength()).isEqualTo(32);
          assertThat(p.getSocketAddress()).isEqualTo(server);
          assertThat(p.getData()[0] % 10).isEqualTo(copy);
        }
      }
    }
  }

  @Test
  void servesIpv6Loopback() throws Exception {
    InetAddress v6 = InetAddress.getByName("::1");
    try (MmsgSocket socket = new MmsgSocket(new InetSocketAddress(v6, 0), false, 4);
        DatagramSocket client = new DatagramSocket(new InetSocketAddress(v6, 0))) {
      client.setSoTimeout(TIMEOUT_MS);
      InetSocketAddress server = new InetSocketAddress(v6, socket.localPort());
      client.send(new DatagramPacket(new byte[32], 32, server));
      assertThat(receiveAtLeast(socket, 1)).isEqualTo(1);
      assertThat(socket.source(0)).isEqualTo(client.getLocalSocketAddress());
      socket.answerTo(0, 0);
      assertThat(socket.send(1)).isZero();
      DatagramPacket p = new DatagramPacket(new byte[64], 64);
      client.receive(p);
      assertThat(p.getLength()).isEqualTo(32);
    }
  }

  @Test
  void aPortInUseIsABindException() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> new MmsgSocket(loopback(taken.getLocalPort()), false, 4))
          .isInstanceOf(BindException.class)
          .hasMessageContaining("bind");
    }
  }

  @Test
  void twoSocketsShareAPortWithReusePort() throws Exception {
    try (MmsgSocket first = new MmsgSocket(loopback(0), true, 4);
        MmsgSocket second = new MmsgSocket(loopback(first.localPort()), true, 4)) {
      assertThat(second.localPort()).isEqualTo(first.localPort());
    }
  }

  @Test
  void aBlockedReceiveReturnsOnceShutDownAndCloseIsIdempotent() throws Exception {
    MmsgSocket socket = new MmsgSocket(loopback(0), false, 4);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<IOException> failure = new AtomicReference<>();
    Thread receiver =
        new Thread(
            () -> {
              try {
                while (!stop.get()) {
                  socket.receive(); // blocks until a datagram, the shutdown, or 250 ms pass
                }
              } catch (IOException e) {
                failure.set(e);
              }
            });
    receiver.start();
    stop.set(true);
    socket.shutdown();
    receiver.join(TIMEOUT_MS);
    assertThat(receiver.isAlive()).as("the receiving thread is still blocked").isFalse();
    assertThat(failure.get()).isNull();
    socket.close();
    socket.close();
    socket.shutdown(); // after close: does nothing
  }

  private static int receiveAtLeast(MmsgSocket socket, int count) throws IOException {
    for (int round = 0; round < 50; round++) {
      int n = socket.receive();
      if (n >= count) {
        return n;
      }
      if (n > 0) {
        throw new AssertionError("expected " + count + " datagrams in one batch, got " + n);
      }
    }
    throw new AssertionError("no datagram within 50 receives");
  }

  private static InetSocketAddress loopback(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }
}
