package org.dvbcss.net.wc;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.dvbcss.protocol.wc.WallClockServerCore.DropReason;
import org.dvbcss.protocol.wc.WcMessage;

/**
 * The options of a {@link WallClockServer}, as an immutable value. Build one with {@link
 * #builder()}, change one with {@link #toBuilder()}; {@link #defaults()} is the default
 * configuration.
 *
 * <p>Defaults:
 *
 * <ul>
 *   <li>{@link #bind()}: every interface, port {@value WallClockServer#DEFAULT_PORT};
 *   <li>{@link #threads()}: 1 receiving thread;
 *   <li>{@link #followUp()}: off;
 *   <li>{@link #precisionSeconds()}: NaN, meaning the clock's own dispersion at each request;
 *   <li>{@link #maxFreqErrorPpm()}: NaN, meaning the maximum frequency error of the clock's root;
 *   <li>{@link #rateLimitPerSecond()} and {@link #rateLimitBurst()}: 0, meaning no rate limit;
 *   <li>{@link #outgoing()}: the identity, meaning every message is sent as the protocol core made
 *       it;
 *   <li>{@link #withholdFollowUps()}: off;
 *   <li>{@link #stopAfterMalformed()}: off;
 *   <li>{@link #transport()}: {@link Transport#AUTO}, the project's batched native sockets where
 *       available (Linux x86-64), else the blocking JDK channel.
 * </ul>
 *
 * <p>The last three are hooks to make a server misbehave on purpose, as some real TVs do, so that
 * companions and conformance checks can be tested against it. Off, they change nothing: the server
 * sends exactly the bytes it would send without them. The protocol core stays strict; the hooks act
 * at the edge, on the message just before it is encoded and sent, or on whether it is sent.
 *
 * <p>Immutable and thread safe; its builder is not thread safe.
 *
 * @param bind where to listen: IPv4 or IPv6; port 0 lets the system pick a free port ({@link
 *     WallClockServer#localAddress()} tells which); {@code 0.0.0.0} listens on every IPv4
 *     interface, {@code ::} on every interface
 * @param threads how many receiving threads share the port (with {@code SO_REUSEPORT}), 1 or more
 * @param followUp whether each request is answered with a type-2 response followed by a type-3
 *     follow-up
 * @param precisionSeconds a fixed precision to state, positive seconds, instead of the clock's
 *     dispersion at each request; NaN for the clock's dispersion
 * @param maxFreqErrorPpm a fixed maximum frequency error to state, parts per million, not negative,
 *     instead of the clock's root's; NaN for the clock's
 * @param rateLimitPerSecond the sustained requests per second answered per source address, 0.001 to
 *     1e9; 0 for no limit (see {@link Builder#rateLimit(double, int)})
 * @param rateLimitBurst how many datagrams an address that was quiet may send at once, 1 to
 *     1,000,000; 0 exactly when there is no limit
 * @param outgoing a rewrite of every message just before it is encoded and sent (a response and a
 *     follow-up alike; the follow-up is made from the response as the core made it, then
 *     rewritten); {@link UnaryOperator#identity()} for none. Called on the receiving threads, so it
 *     must be thread safe; one that throws or returns null loses that message, counted in {@link
 *     WallClockServer.Counters#sendFailures()}
 * @param withholdFollowUps in follow-up mode, send the type-2 response but never its type-3
 *     follow-up; requires {@code followUp}
 * @param stopAfterMalformed stop answering anything once a malformed datagram (see {@link
 *     DropReason#isMalformed()}) has arrived: that datagram is counted under its reason, every
 *     later one, on every receiving thread, as {@link DropReason#STOPPED}; the sockets stay bound
 *     until {@link WallClockServer#close()}
 * @param transport how datagrams are received and sent: {@link Transport#AUTO} picks the project's
 *     batched native sockets on Linux x86-64 and the blocking JDK channel elsewhere
 */
public record WallClockServerConfig(
    InetSocketAddress bind,
    int threads,
    boolean followUp,
    double precisionSeconds,
    double maxFreqErrorPpm,
    double rateLimitPerSecond,
    int rateLimitBurst,
    UnaryOperator<WcMessage> outgoing,
    boolean withholdFollowUps,
    boolean stopAfterMalformed,
    Transport transport) {

  /** How a {@link WallClockServer} receives and sends its datagrams. */
  public enum Transport {
    /**
     * {@link #NATIVE} where the project's native library is available (Linux x86-64), else {@link
     * #BLOCKING}.
     */
    AUTO,
    /**
     * The project's own JNI sockets: datagrams read in batches ({@code recvmmsg}), the answers to a
     * batch sent in one call ({@code sendmmsg}), nothing allocated per request. Starting fails
     * where the library is not available.
     */
    NATIVE,
    /**
     * Netty's native epoll datagram channel: datagrams read in batches ({@code recvmmsg}), the
     * responses to one batch sent together ({@code sendmmsg}). Starting fails where native epoll is
     * not available.
     */
    EPOLL,
    /**
     * One JDK {@link java.nio.channels.DatagramChannel} per thread, one blocking call per datagram.
     */
    BLOCKING
  }

  private static final WallClockServerConfig DEFAULTS = builder().build();

  /** Checks every option; see the parameters for the allowed values. */
  public WallClockServerConfig {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(outgoing, "outgoing");
    Objects.requireNonNull(transport, "transport");
    if (withholdFollowUps && !followUp) {
      throw new IllegalArgumentException("withholdFollowUps needs followUp");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1: " + threads);
    }
    if (!Double.isNaN(precisionSeconds)
        && (!(precisionSeconds > 0) || Double.isInfinite(precisionSeconds))) {
      throw new IllegalArgumentException("precision must be positive seconds: " + precisionSeconds);
    }
    if (!Double.isNaN(maxFreqErrorPpm)
        && (!(maxFreqErrorPpm >= 0) || Double.isInfinite(maxFreqErrorPpm))) {
      throw new IllegalArgumentException("maxFreqErrorPpm must be >= 0: " + maxFreqErrorPpm);
    }
    if (!(rateLimitPerSecond == 0 && rateLimitBurst == 0)) {
      SourceRateLimiter.checkRate(rateLimitPerSecond, rateLimitBurst);
    }
  }

  /**
   * A configuration with the default transport, {@link Transport#AUTO}; see the canonical
   * constructor for the parameters.
   *
   * @param bind where to listen
   * @param threads how many receiving threads share the port
   * @param followUp whether to send follow-ups
   * @param precisionSeconds a fixed precision, seconds, or NaN
   * @param maxFreqErrorPpm a fixed maximum frequency error, ppm, or NaN
   * @param rateLimitPerSecond requests per second per source, or 0
   * @param rateLimitBurst the burst per source, or 0
   * @param outgoing a rewrite of every message sent
   * @param withholdFollowUps never send the follow-ups
   * @param stopAfterMalformed stop answering after a malformed datagram
   */
  public WallClockServerConfig(
      InetSocketAddress bind,
      int threads,
      boolean followUp,
      double precisionSeconds,
      double maxFreqErrorPpm,
      double rateLimitPerSecond,
      int rateLimitBurst,
      UnaryOperator<WcMessage> outgoing,
      boolean withholdFollowUps,
      boolean stopAfterMalformed) {
    this(
        bind,
        threads,
        followUp,
        precisionSeconds,
        maxFreqErrorPpm,
        rateLimitPerSecond,
        rateLimitBurst,
        outgoing,
        withholdFollowUps,
        stopAfterMalformed,
        Transport.AUTO);
  }

  /**
   * The default configuration (see the type's description).
   *
   * @return the defaults
   */
  public static WallClockServerConfig defaults() {
    return DEFAULTS;
  }

  /**
   * Starts building a configuration from the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this configuration's options, to change some of them.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Whether a per-source rate limit is on.
   *
   * @return true when {@link #rateLimitPerSecond()} is positive
   */
  public boolean hasRateLimit() {
    return rateLimitPerSecond > 0;
  }

  /**
   * Whether any of the misbehaviour hooks is on ({@link #outgoing()} not the identity, {@link
   * #withholdFollowUps()}, {@link #stopAfterMalformed()}).
   *
   * @return false for a server that keeps to the specification
   */
  public boolean misbehaves() {
    return outgoing != UnaryOperator.<WcMessage>identity()
        || withholdFollowUps
        || stopAfterMalformed;
  }

  /** Builds a {@link WallClockServerConfig}. Not thread safe. */
  public static final class Builder {
    private InetSocketAddress bind = new InetSocketAddress(WallClockServer.DEFAULT_PORT);
    private int threads = 1;
    private boolean followUp;
    private double precisionSeconds = Double.NaN;
    private double maxFreqErrorPpm = Double.NaN;
    private double rateLimitPerSecond;
    private int rateLimitBurst;
    private UnaryOperator<WcMessage> outgoing = UnaryOperator.identity();
    private boolean withholdFollowUps;
    private boolean stopAfterMalformed;
    private Transport transport = Transport.AUTO;

    private Builder() {}

    private Builder(WallClockServerConfig c) {
      bind = c.bind;
      threads = c.threads;
      followUp = c.followUp;
      precisionSeconds = c.precisionSeconds;
      maxFreqErrorPpm = c.maxFreqErrorPpm;
      rateLimitPerSecond = c.rateLimitPerSecond;
      rateLimitBurst = c.rateLimitBurst;
      outgoing = c.outgoing;
      withholdFollowUps = c.withholdFollowUps;
      stopAfterMalformed = c.stopAfterMalformed;
      transport = c.transport;
    }

    /**
     * How datagrams are received and sent (default {@link Transport#AUTO}).
     *
     * @param choice the transport
     * @return this builder
     */
    public Builder transport(Transport choice) {
      this.transport = Objects.requireNonNull(choice, "transport");
      return this;
    }

    /**
     * Where to listen (default: every interface, port {@value WallClockServer#DEFAULT_PORT}).
     *
     * @param address the address and port; port 0 for any free port
     * @return this builder
     */
    public Builder bind(InetSocketAddress address) {
      this.bind = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * How many receiving threads share the port (default 1).
     *
     * @param count 1 or more
     * @return this builder
     */
    public Builder threads(int count) {
      this.threads = count;
      return this;
    }

    /**
     * Whether to answer each request with a type-2 response followed by a type-3 follow-up (default
     * off).
     *
     * @param enabled true for follow-up mode
     * @return this builder
     */
    public Builder followUp(boolean enabled) {
      this.followUp = enabled;
      return this;
    }

    /**
     * A fixed precision to state instead of the clock's dispersion at each request (default: the
     * clock's dispersion).
     *
     * @param seconds positive seconds; NaN for the clock's dispersion
     * @return this builder
     */
    public Builder precision(double seconds) {
      this.precisionSeconds = seconds;
      return this;
    }

    /**
     * A fixed maximum frequency error to state instead of the clock's root's (default: the
     * clock's).
     *
     * @param ppm parts per million, not negative; NaN for the clock's
     * @return this builder
     */
    public Builder maxFreqErrorPpm(double ppm) {
      this.maxFreqErrorPpm = ppm;
      return this;
    }

    /**
     * Limits how fast each source address is answered: a token bucket per address (not per port)
     * holding {@code burst} tokens, refilled at {@code requestsPerSecond}. A datagram from an
     * address with no token left is dropped unanswered, before it is decoded, and counted as {@link
     * DropReason#RATE_LIMITED}; every datagram takes a token, well-formed or not. A limit caps what
     * any one address, including one forged as a request's source, can draw from the server: at
     * most {@code requestsPerSecond} answers (of one 32-byte datagram, two in follow-up mode) per
     * second after the first {@code burst}.
     *
     * <p><b>Off by default</b>, because a wrong limit breaks synchronisation for honest companions:
     * a companion may legitimately poll fast while it converges (several requests per second, and
     * at once again after each timeout), and a home router's NAT puts every companion of a
     * household, or a carrier-grade NAT many households, behind one address, which then shares one
     * bucket. Choose a limit well above the sum of the polling rates expected from one address.
     *
     * <p>The server remembers at most 65,536 addresses. Addresses idle long enough for their bucket
     * to refill are forgotten first (they lose nothing: they return with a full bucket, as they
     * would anyway); when that many are active at once, the least recently seen is forgotten. An
     * entry takes about 135 bytes for an IPv4 address and 200 for an IPv6 one (measured on a 64-bit
     * JVM with compressed pointers), so the table stays under about 13 MB. All receiving threads
     * share the table under one lock, held for one hash lookup per datagram.
     *
     * @param requestsPerSecond the sustained rate per address, 0.001 to 1e9 per second
     * @param burst how many datagrams an address that was quiet may send at once, 1 to 1,000,000
     * @return this builder
     * @throws IllegalArgumentException if either is out of range
     */
    public Builder rateLimit(double requestsPerSecond, int burst) {
      SourceRateLimiter.checkRate(requestsPerSecond, burst);
      this.rateLimitPerSecond = requestsPerSecond;
      this.rateLimitBurst = burst;
      return this;
    }

    /**
     * Turns the per-source rate limit off (the default).
     *
     * @return this builder
     */
    public Builder noRateLimit() {
      this.rateLimitPerSecond = 0;
      this.rateLimitBurst = 0;
      return this;
    }

    /**
     * A rewrite of every message just before it is encoded and sent, to send what a misbehaving
     * server would (default: the identity, nothing rewritten). It sees the type-1 or type-2
     * response and the type-3 follow-up alike; the follow-up is made from the response as the core
     * made it, then rewritten. It may change any field (a {@link WcMessage} is always 32 valid
     * bytes); it runs on the receiving threads, so it must be thread safe. One that throws or
     * returns null loses that message, counted as a send failure.
     *
     * @param rewrite the rewrite; {@link UnaryOperator#identity()} for none
     * @return this builder
     */
    public Builder outgoing(UnaryOperator<WcMessage> rewrite) {
      this.outgoing = Objects.requireNonNull(rewrite, "rewrite");
      return this;
    }

    /**
     * In follow-up mode, sends each type-2 response ("a follow-up will come") but never its type-3
     * follow-up (default off). Needs {@link #followUp(boolean) followUp(true)}.
     *
     * @param enabled true to withhold every follow-up
     * @return this builder
     */
    public Builder withholdFollowUps(boolean enabled) {
      this.withholdFollowUps = enabled;
      return this;
    }

    /**
     * Stops answering anything once a malformed datagram ({@link DropReason#isMalformed()}) has
     * arrived (default off), as a server whose receiving loop dies on one. The malformed datagram
     * is counted under its reason; everything received later, on any receiving thread, is counted
     * as {@link DropReason#STOPPED} and not looked at. The sockets stay bound, and {@link
     * WallClockServer#close()} closes them as usual.
     *
     * @param enabled true to stop after the first malformed datagram
     * @return this builder
     */
    public Builder stopAfterMalformed(boolean enabled) {
      this.stopAfterMalformed = enabled;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException if an option is out of range
     */
    public WallClockServerConfig build() {
      return new WallClockServerConfig(
          bind,
          threads,
          followUp,
          precisionSeconds,
          maxFreqErrorPpm,
          rateLimitPerSecond,
          rateLimitBurst,
          outgoing,
          withholdFollowUps,
          stopAfterMalformed,
          transport);
    }
  }
}
