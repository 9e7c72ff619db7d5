package org.dvbcss.net.wc;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Supplier;
import org.dvbcss.protocol.wc.LowestDispersion;
import org.dvbcss.protocol.wc.WallClockAlgorithm;
import org.jspecify.annotations.Nullable;

/**
 * The options of a {@link WallClockClient}, as an immutable value. Build one with {@link
 * #builder()}, change one with {@link #toBuilder()}; {@link #defaults()} is the default
 * configuration.
 *
 * <p>Defaults:
 *
 * <ul>
 *   <li>{@link #bind()}: null, meaning the wildcard address and an ephemeral port;
 *   <li>{@link #algorithm()}: a new {@link LowestDispersion} with its defaults for each client (a
 *       request 1 s after each response, a response timeout of 0.2 s, the local clock's frequency
 *       error taken from its root).
 * </ul>
 *
 * <p>The algorithm is given as a factory because an algorithm instance keeps state and serves one
 * client: each {@link WallClockClient#start} asks the factory for a new one, so one configuration
 * can start any number of clients.
 *
 * <p>Immutable and thread safe (provided the factory is); its builder is not thread safe.
 *
 * @param bind the local address and port to send from; null for the wildcard address and an
 *     ephemeral port
 * @param algorithm makes the algorithm that decides what each measurement does, once per client
 *     started; it must return a new instance each time
 */
public record WallClockClientConfig(
    @Nullable InetSocketAddress bind, Supplier<? extends WallClockAlgorithm> algorithm) {

  private static final WallClockClientConfig DEFAULTS = builder().build();

  /** Checks every option. */
  public WallClockClientConfig {
    Objects.requireNonNull(algorithm, "algorithm");
  }

  /**
   * The default configuration (see the type's description).
   *
   * @return the defaults
   */
  public static WallClockClientConfig defaults() {
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

  /** Builds a {@link WallClockClientConfig}. Not thread safe. */
  public static final class Builder {
    private @Nullable InetSocketAddress bind;
    private Supplier<? extends WallClockAlgorithm> algorithm = LowestDispersion::new;

    private Builder() {}

    private Builder(WallClockClientConfig c) {
      bind = c.bind;
      algorithm = c.algorithm;
    }

    /**
     * The local address and port to send from (default: wildcard, ephemeral port).
     *
     * @param address the address; null for the default
     * @return this builder
     */
    public Builder bind(@Nullable InetSocketAddress address) {
      this.bind = address;
      return this;
    }

    /**
     * How to make the algorithm that decides what each measurement does (default: {@link
     * LowestDispersion} with its defaults). Called once for each client started, on the starting
     * thread; it must return a new instance each time.
     *
     * @param factory makes a fresh algorithm
     * @return this builder
     */
    public Builder algorithm(Supplier<? extends WallClockAlgorithm> factory) {
      this.algorithm = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     */
    public WallClockClientConfig build() {
      return new WallClockClientConfig(bind, algorithm);
    }
  }
}
