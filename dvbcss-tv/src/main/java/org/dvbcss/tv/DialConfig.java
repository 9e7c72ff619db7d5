package org.dvbcss.tv;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The DIAL responder of a {@link Tv}: whether it runs, where its SSDP socket listens, and how the
 * TV describes itself. The HTTP part (device description, HbbTV application resource) is served on
 * the TV's WebSocket port.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>value</th><th>default</th></tr>
 *   <tr><td>{@link #enabled()}</td><td>true here; but {@link TvConfig#defaults()} holds {@link
 *       #off()}, so a {@code Tv} binds no SSDP socket unless asked ({@code dvbcss tv} asks)</td></tr>
 *   <tr><td>{@link #ssdpAddress()}</td><td>{@code 0.0.0.0:1900}, joined to the SSDP multicast
 *       group</td></tr>
 *   <tr><td>{@link #friendlyName()}</td><td>{@code dvbcss-java TV}</td></tr>
 *   <tr><td>{@link #manufacturer()}</td><td>{@code dvbcss-java}</td></tr>
 *   <tr><td>{@link #modelName()}</td><td>{@code TV simulator}</td></tr>
 *   <tr><td>{@link #uuid()}</td><td>null: a random UUID for each TV started</td></tr>
 * </table>
 *
 * <p>Immutable and thread safe.
 *
 * @param enabled whether the TV answers DIAL at all
 * @param ssdpAddress the UDP address of the SSDP responder; a wildcard address joins the multicast
 *     group {@code 239.255.255.250}, any other address (such as {@code 127.0.0.1:0} in tests) does
 *     not
 * @param friendlyName the device description's {@code friendlyName}
 * @param manufacturer the device description's {@code manufacturer}
 * @param modelName the device description's {@code modelName}
 * @param uuid the device's UUID (its {@code UDN} is {@code uuid:} and this), or null for a random
 *     one per TV
 */
public record DialConfig(
    boolean enabled,
    InetSocketAddress ssdpAddress,
    String friendlyName,
    String manufacturer,
    String modelName,
    @Nullable String uuid) {
  /** Validates. */
  public DialConfig {
    Objects.requireNonNull(ssdpAddress, "ssdpAddress");
    Objects.requireNonNull(friendlyName, "friendlyName");
    Objects.requireNonNull(manufacturer, "manufacturer");
    Objects.requireNonNull(modelName, "modelName");
    if (uuid != null && uuid.isBlank()) {
      throw new IllegalArgumentException("uuid is blank");
    }
  }

  /**
   * The defaults, enabled (see the class description).
   *
   * @return the configuration
   */
  public static DialConfig defaults() {
    return new DialConfig(
        true, new InetSocketAddress(1900), "dvbcss-java TV", "dvbcss-java", "TV simulator", null);
  }

  /**
   * The defaults, disabled: what {@link TvConfig#defaults()} holds.
   *
   * @return the configuration
   */
  public static DialConfig off() {
    return defaults().toBuilder().enabled(false).build();
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

  /** Builds a {@link DialConfig}. Not thread safe. */
  public static final class Builder {
    private boolean enabled;
    private InetSocketAddress ssdpAddress;
    private String friendlyName;
    private String manufacturer;
    private String modelName;
    private @Nullable String uuid;

    private Builder(DialConfig from) {
      enabled = from.enabled;
      ssdpAddress = from.ssdpAddress;
      friendlyName = from.friendlyName;
      manufacturer = from.manufacturer;
      modelName = from.modelName;
      uuid = from.uuid;
    }

    /**
     * Turns DIAL on or off.
     *
     * @param enabled whether to answer
     * @return this builder
     */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * Sets the SSDP socket's address.
     *
     * @param address the address; port 0 for any free one
     * @return this builder
     */
    public Builder ssdpAddress(InetSocketAddress address) {
      this.ssdpAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * Sets the name shown to people.
     *
     * @param name the {@code friendlyName}
     * @return this builder
     */
    public Builder friendlyName(String name) {
      this.friendlyName = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Sets the maker.
     *
     * @param manufacturer the {@code manufacturer}
     * @return this builder
     */
    public Builder manufacturer(String manufacturer) {
      this.manufacturer = Objects.requireNonNull(manufacturer, "manufacturer");
      return this;
    }

    /**
     * Sets the model.
     *
     * @param modelName the {@code modelName}
     * @return this builder
     */
    public Builder modelName(String modelName) {
      this.modelName = Objects.requireNonNull(modelName, "modelName");
      return this;
    }

    /**
     * Sets the device's UUID.
     *
     * @param uuid the UUID without {@code uuid:}, or null for a random one per TV
     * @return this builder
     */
    public Builder uuid(@Nullable String uuid) {
      this.uuid = uuid;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     */
    public DialConfig build() {
      return new DialConfig(enabled, ssdpAddress, friendlyName, manufacturer, modelName, uuid);
    }
  }

  /** The UUID a TV uses: the configured one or a fresh random one. */
  String uuidOrRandom() {
    return uuid != null ? uuid : UUID.randomUUID().toString();
  }
}
