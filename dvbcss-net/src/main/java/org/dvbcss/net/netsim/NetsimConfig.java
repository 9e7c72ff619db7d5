package org.dvbcss.net.netsim;

/**
 * The configuration of a simulated network: an immutable value. {@code
 * NetsimConfig.builder().delayNanos(20_000_000).seed(7).build()}.
 *
 * @param seed the seed of every random choice: two runs with one seed, one script and the same
 *     traffic make the same choices
 * @param toServer what the leg towards the server does
 * @param toClient what the leg towards the client does
 * @param script timed changes to either leg, from the start
 * @param tcpOutage what TCP connections see during an outage
 * @param tcpLossDelayNanos how late a "lost" TCP chunk arrives: the retransmission a real TCP would
 *     make, nanoseconds, 0 or more (default 200 ms, Linux's least retransmission timeout)
 * @param maxUdpClients how many client addresses the UDP proxy serves at once; datagrams from more
 *     are dropped and counted
 * @param udpIdleNanos how long a UDP client's upstream socket stays open with nothing sent,
 *     nanoseconds, positive
 * @param maxTcpConnections how many TCP connections the proxy holds at once; more are closed at
 *     once and counted
 */
public record NetsimConfig(
    long seed,
    LinkImpairment toServer,
    LinkImpairment toClient,
    Script script,
    TcpOutage tcpOutage,
    long tcpLossDelayNanos,
    int maxUdpClients,
    long udpIdleNanos,
    int maxTcpConnections) {

  /** What TCP does during an outage. */
  public enum TcpOutage {
    /**
     * The bytes are held and delivered, in order, when the outage ends; connections stay up (as
     * over a cable pulled and put back within TCP's patience).
     */
    HOLD,
    /**
     * Open connections are reset when the outage starts and new ones are reset at once until it
     * ends (as after a router restart).
     */
    RESET
  }

  /** Checks the limits. */
  public NetsimConfig {
    if (tcpLossDelayNanos < 0) {
      throw new IllegalArgumentException("the TCP loss delay must be >= 0: " + tcpLossDelayNanos);
    }
    if (maxUdpClients < 1 || maxTcpConnections < 1 || udpIdleNanos <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  /**
   * The impairment of a leg, before the script.
   *
   * @param leg the leg
   * @return its impairment
   */
  public LinkImpairment leg(Direction leg) {
    return leg == Direction.TO_SERVER ? toServer : toClient;
  }

  /**
   * A builder with nothing impaired, seed 1, no script, {@link TcpOutage#HOLD}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder starting from this value.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.seed = seed;
    b.toServer = toServer;
    b.toClient = toClient;
    b.script = script;
    b.tcpOutage = tcpOutage;
    b.tcpLossDelayNanos = tcpLossDelayNanos;
    b.maxUdpClients = maxUdpClients;
    b.udpIdleNanos = udpIdleNanos;
    b.maxTcpConnections = maxTcpConnections;
    return b;
  }

  /** Builds a {@link NetsimConfig}. Not thread safe. */
  public static final class Builder {
    private long seed = 1;
    private LinkImpairment toServer = LinkImpairment.NONE;
    private LinkImpairment toClient = LinkImpairment.NONE;
    private Script script = Script.NONE;
    private TcpOutage tcpOutage = TcpOutage.HOLD;
    private long tcpLossDelayNanos = 200_000_000L;
    private int maxUdpClients = 1024;
    private long udpIdleNanos = 60_000_000_000L;
    private int maxTcpConnections = 1024;

    private Builder() {}

    /**
     * Sets the seed.
     *
     * @param seed any value
     * @return this
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets both legs to one impairment.
     *
     * @param both the impairment of each leg
     * @return this
     */
    public Builder both(LinkImpairment both) {
      this.toServer = both;
      this.toClient = both;
      return this;
    }

    /**
     * Sets the leg towards the server.
     *
     * @param impairment what it does
     * @return this
     */
    public Builder toServer(LinkImpairment impairment) {
      this.toServer = impairment;
      return this;
    }

    /**
     * Sets the leg towards the client.
     *
     * @param impairment what it does
     * @return this
     */
    public Builder toClient(LinkImpairment impairment) {
      this.toClient = impairment;
      return this;
    }

    /**
     * Sets the delay of both legs, keeping the rest of each.
     *
     * @param nanos nanoseconds, 0 or more
     * @return this
     */
    public Builder delayNanos(long nanos) {
      this.toServer = toServer.toBuilder().delayNanos(nanos).build();
      this.toClient = toClient.toBuilder().delayNanos(nanos).build();
      return this;
    }

    /**
     * Sets the script.
     *
     * @param script the timed changes
     * @return this
     */
    public Builder script(Script script) {
      this.script = script;
      return this;
    }

    /**
     * Sets what TCP sees during an outage.
     *
     * @param mode hold or reset
     * @return this
     */
    public Builder tcpOutage(TcpOutage mode) {
      this.tcpOutage = mode;
      return this;
    }

    /**
     * Sets the delay of a "lost" TCP chunk.
     *
     * @param nanos nanoseconds, 0 or more
     * @return this
     */
    public Builder tcpLossDelayNanos(long nanos) {
      this.tcpLossDelayNanos = nanos;
      return this;
    }

    /**
     * Sets how many UDP clients are served at once.
     *
     * @param n positive
     * @return this
     */
    public Builder maxUdpClients(int n) {
      this.maxUdpClients = n;
      return this;
    }

    /**
     * Sets how long an idle UDP client keeps its upstream socket.
     *
     * @param nanos nanoseconds, positive
     * @return this
     */
    public Builder udpIdleNanos(long nanos) {
      this.udpIdleNanos = nanos;
      return this;
    }

    /**
     * Sets how many TCP connections are held at once.
     *
     * @param n positive
     * @return this
     */
    public Builder maxTcpConnections(int n) {
      this.maxTcpConnections = n;
      return this;
    }

    /**
     * Builds the value.
     *
     * @return the configuration
     */
    public NetsimConfig build() {
      return new NetsimConfig(
          seed,
          toServer,
          toClient,
          script,
          tcpOutage,
          tcpLossDelayNanos,
          maxUdpClients,
          udpIdleNanos,
          maxTcpConnections);
    }
  }
}
