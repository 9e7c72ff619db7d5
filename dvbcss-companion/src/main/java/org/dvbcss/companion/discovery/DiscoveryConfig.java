package org.dvbcss.companion.discovery;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How {@link Discovery} searches.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>value</th><th>default</th></tr>
 *   <tr><td>{@link #searchAddress()}</td><td>{@code 239.255.255.250:1900} (the SSDP group)</td></tr>
 *   <tr><td>{@link #bindAddress()}</td><td>{@code 0.0.0.0:0}</td></tr>
 *   <tr><td>{@link #timeout()}</td><td>3 s</td></tr>
 *   <tr><td>{@link #resendInterval()}</td><td>1 s</td></tr>
 *   <tr><td>{@link #mx()}</td><td>1 s</td></tr>
 *   <tr><td>{@link #httpTimeout()}</td><td>10 s</td></tr>
 *   <tr><td>{@link #origin()}</td><td>null: no {@code Origin} header, no preflight</td></tr>
 * </table>
 *
 * <p>Immutable and thread safe.
 *
 * @param searchAddress where the {@code M-SEARCH} is sent: the multicast group, or one device's
 *     address (unicast, e.g. {@code 127.0.0.1:PORT} in tests)
 * @param bindAddress the local UDP address to search from
 * @param timeout how long answers are collected after the first search, more than 0
 * @param resendInterval how often the search is sent again within the timeout (UDP may lose it),
 *     more than 0
 * @param mx the {@code MX} of the search, seconds, 0 to 5 (devices may delay their answer by up to
 *     this)
 * @param httpTimeout the most each HTTP request may take (connect and response), more than 0
 * @param origin the {@code Origin} header sent with every HTTP request, or null for none; when set
 *     an {@code OPTIONS} preflight of the application resource is made as well
 */
public record DiscoveryConfig(
    InetSocketAddress searchAddress,
    InetSocketAddress bindAddress,
    Duration timeout,
    Duration resendInterval,
    int mx,
    Duration httpTimeout,
    @Nullable String origin) {
  /** Validates. */
  public DiscoveryConfig {
    Objects.requireNonNull(searchAddress, "searchAddress");
    Objects.requireNonNull(bindAddress, "bindAddress");
    positive(timeout, "timeout");
    positive(resendInterval, "resendInterval");
    positive(httpTimeout, "httpTimeout");
    if (mx < 0 || mx > 5) {
      throw new IllegalArgumentException("mx must be 0 to 5 seconds: " + mx);
    }
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be more than 0: " + d);
    }
  }

  /**
   * The defaults (see the class description).
   *
   * @return the configuration
   */
  public static DiscoveryConfig defaults() {
    return new DiscoveryConfig(
        new InetSocketAddress("239.255.255.250", 1900),
        new InetSocketAddress(0),
        Duration.ofSeconds(3),
        Duration.ofSeconds(1),
        1,
        Duration.ofSeconds(10),
        null);
  }

  /**
   * Starts a configuration from the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /**
   * Starts a configuration from this one.
   *
   * @return a builder holding these values
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link DiscoveryConfig}. Not thread safe. */
  public static final class Builder {
    private InetSocketAddress searchAddress;
    private InetSocketAddress bindAddress;
    private Duration timeout;
    private Duration resendInterval;
    private int mx;
    private Duration httpTimeout;
    private @Nullable String origin;

    private Builder(DiscoveryConfig c) {
      searchAddress = c.searchAddress;
      bindAddress = c.bindAddress;
      timeout = c.timeout;
      resendInterval = c.resendInterval;
      mx = c.mx;
      httpTimeout = c.httpTimeout;
      origin = c.origin;
    }

    /**
     * Sets where the search is sent.
     *
     * @param address the multicast group or a device
     * @return this builder
     */
    public Builder searchAddress(InetSocketAddress address) {
      this.searchAddress = address;
      return this;
    }

    /**
     * Sets the local UDP address.
     *
     * @param address the address; port 0 for any
     * @return this builder
     */
    public Builder bindAddress(InetSocketAddress address) {
      this.bindAddress = address;
      return this;
    }

    /**
     * Sets how long answers are collected.
     *
     * @param timeout more than 0
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets how often the search is resent.
     *
     * @param interval more than 0
     * @return this builder
     */
    public Builder resendInterval(Duration interval) {
      this.resendInterval = interval;
      return this;
    }

    /**
     * Sets the search's {@code MX}.
     *
     * @param seconds 0 to 5
     * @return this builder
     */
    public Builder mx(int seconds) {
      this.mx = seconds;
      return this;
    }

    /**
     * Sets the bound of each HTTP request.
     *
     * @param timeout more than 0
     * @return this builder
     */
    public Builder httpTimeout(Duration timeout) {
      this.httpTimeout = timeout;
      return this;
    }

    /**
     * Sets the {@code Origin} sent with the HTTP requests.
     *
     * @param origin e.g. {@code http://app.example}, or null for none
     * @return this builder
     */
    public Builder origin(@Nullable String origin) {
      this.origin = origin;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException if a value is out of range
     */
    public DiscoveryConfig build() {
      return new DiscoveryConfig(
          searchAddress, bindAddress, timeout, resendInterval, mx, httpTimeout, origin);
    }
  }
}
