package org.dvbcss.net.dial;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.dial.SsdpResponse;
import org.dvbcss.protocol.dial.SsdpSearch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers SSDP {@code M-SEARCH}es for DIAL servers ({@code ST:
 * urn:dial-multiscreen-org:service:dial:1} or {@code ssdp:all}) with a unicast {@code HTTP/1.1 200
 * OK} to the sender whose {@code LOCATION} is the device description's URL.
 *
 * <p>The URL is made per search by a function of the local address the search arrived on (so a TV
 * on several networks gives each companion an address it can reach): for a socket bound to one
 * address, that address; for a wildcard socket, the address the machine would send from to reach
 * the sender (learnt by connecting a UDP socket to the sender, which sends nothing). Answers are
 * sent at once, not after a random delay up to {@code MX}.
 *
 * <p>Malformed datagrams and searches for other targets are counted and ignored; a location
 * function that throws is counted and that search goes unanswered; none of this stops the
 * responder. Runs one daemon thread; thread safe.
 */
public final class SsdpResponder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SsdpResponder.class);
  private static final InetAddress SSDP_GROUP = groupAddress();

  private final DatagramSocket socket;
  private final InetSocketAddress localAddress;
  private final String uuid;
  private final SsdpResponderConfig config;
  private final Function<InetAddress, String> location;
  private final Thread thread;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LongAdder received = new LongAdder();
  private final LongAdder answered = new LongAdder();
  private final LongAdder ignored = new LongAdder();
  private final LongAdder malformed = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final List<NetworkInterface> joined = new ArrayList<>();

  /**
   * What a responder has done.
   *
   * @param received datagrams received
   * @param answered searches answered
   * @param ignored well-formed searches for another target
   * @param malformed datagrams that were not a well-formed {@code M-SEARCH}
   * @param errors searches not answered because the location function threw or the send failed
   */
  public record Counters(long received, long answered, long ignored, long malformed, long errors) {}

  private SsdpResponder(
      SsdpResponderConfig config, String uuid, Function<InetAddress, String> location)
      throws IOException {
    this.config = config;
    this.uuid = uuid;
    this.location = location;
    boolean join = config.joinsMulticast();
    DatagramSocket s = join ? new MulticastSocket(null) : new DatagramSocket(null);
    try {
      s.setReuseAddress(config.reuseAddress());
      s.bind(config.bindAddress());
      if (join) {
        joinEverywhere((MulticastSocket) s);
      }
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
    this.socket = s;
    this.localAddress = (InetSocketAddress) s.getLocalSocketAddress();
    this.thread = new Thread(this::run, "dvbcss-ssdp");
    thread.setDaemon(true);
    thread.start();
    log.info(
        "SSDP responder on {}{}",
        localAddress,
        join
            ? " joined to " + SSDP_GROUP.getHostAddress() + " on " + joined.size() + " interfaces"
            : "");
  }

  /**
   * Binds and starts answering.
   *
   * @param config where to listen, and the answers' fixed headers
   * @param uuid the device's UUID, without {@code uuid:} (the answers' {@code USN})
   * @param location the device description's URL for a search that arrived on a local address;
   *     called on the responder's thread, must not block
   * @return the running responder; close it to stop
   * @throws IOException if the address cannot be bound
   */
  public static SsdpResponder start(
      SsdpResponderConfig config, String uuid, Function<InetAddress, String> location)
      throws IOException {
    return new SsdpResponder(
        Objects.requireNonNull(config, "config"),
        Objects.requireNonNull(uuid, "uuid"),
        Objects.requireNonNull(location, "location"));
  }

  private void joinEverywhere(MulticastSocket s) throws IOException {
    InetSocketAddress group = new InetSocketAddress(SSDP_GROUP, 0);
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      try {
        if (nif.isUp() && nif.supportsMulticast() && !nif.isLoopback()) {
          s.joinGroup(group, nif);
          joined.add(nif);
        }
      } catch (IOException e) {
        log.debug("cannot join {} on {}: {}", SSDP_GROUP, nif.getName(), e.toString());
      }
    }
    if (joined.isEmpty()) {
      log.warn("SSDP responder joined {} on no interface", SSDP_GROUP.getHostAddress());
    }
  }

  /**
   * The bound address, with the actual port.
   *
   * @return the address
   */
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  /**
   * A snapshot of what the responder has done.
   *
   * @return the counters
   */
  public Counters counters() {
    return new Counters(
        received.sum(), answered.sum(), ignored.sum(), malformed.sum(), errors.sum());
  }

  private void run() {
    byte[] buffer = new byte[9000];
    while (!closed.get()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (IOException e) {
        if (!closed.get()) {
          log.warn("SSDP responder on {} stopped receiving", localAddress, e);
        }
        return;
      }
      received.increment();
      try {
        handle(packet);
      } catch (RuntimeException | LinkageError e) {
        errors.increment();
        log.warn("SSDP search from {} not answered", packet.getSocketAddress(), e);
      }
    }
  }

  private void handle(DatagramPacket packet) {
    SsdpSearch search;
    try {
      search =
          SsdpSearch.parse(
              new String(
                  packet.getData(),
                  packet.getOffset(),
                  packet.getLength(),
                  StandardCharsets.UTF_8));
    } catch (ProtocolException e) {
      malformed.increment();
      log.debug("malformed SSDP datagram from {}: {}", packet.getSocketAddress(), e.getMessage());
      return;
    }
    if (!search.wantsDial()) {
      ignored.increment();
      return;
    }
    InetSocketAddress sender = (InetSocketAddress) packet.getSocketAddress();
    InetAddress local = localAddressFor(sender);
    String url = location.apply(local);
    byte[] answer =
        SsdpResponse.dial(url, uuid, config.maxAgeSeconds(), config.server())
            .encode()
            .getBytes(StandardCharsets.UTF_8);
    answered.increment(); // before sending, so that a sender that got the answer sees it counted
    try {
      socket.send(new DatagramPacket(answer, answer.length, sender));
    } catch (IOException e) {
      answered.decrement();
      errors.increment();
      log.debug("cannot answer {}: {}", sender, e.toString());
    }
  }

  /** The local address a search from this sender arrived on (or would have). */
  private InetAddress localAddressFor(InetSocketAddress sender) {
    InetAddress bound = localAddress.getAddress();
    if (!bound.isAnyLocalAddress()) {
      return bound;
    }
    try (DatagramSocket probe = new DatagramSocket()) {
      probe.connect(sender); // a UDP connect only picks the route; nothing is sent
      InetAddress local = probe.getLocalAddress();
      if (local != null && !local.isAnyLocalAddress()) {
        return local;
      }
    } catch (SocketException | RuntimeException e) {
      log.debug("cannot learn the local address towards {}: {}", sender, e.toString());
    }
    return sender.getAddress().isLoopbackAddress() ? InetAddress.getLoopbackAddress() : bound;
  }

  /**
   * Stops answering: closes the socket (leaving the group) and waits up to 2 s for the thread.
   * Idempotent; any thread.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    socket.close();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    log.info("SSDP responder on {} stopped", localAddress);
  }

  private static InetAddress groupAddress() {
    try {
      return InetAddress.getByAddress(new byte[] {(byte) 239, (byte) 255, (byte) 255, (byte) 250});
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
