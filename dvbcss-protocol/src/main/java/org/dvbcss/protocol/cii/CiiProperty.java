package org.dvbcss.protocol.cii;

import java.util.Optional;

/**
 * The ten properties of a CSS-CII message, in the order of ETSI TS 103 286-2, with their JSON keys.
 * Useful for per-property change events ({@link Cii#changedProperties(Cii, Cii)}) and generic
 * access ({@link Cii#get(CiiProperty)}).
 *
 * <p>Immutable; thread safe.
 */
public enum CiiProperty {
  /** {@code protocolVersion}: always {@code "1.1"}. */
  PROTOCOL_VERSION("protocolVersion", false),
  /** {@code mrsUrl}: the material resolution server's URL, or null. */
  MRS_URL("mrsUrl", true),
  /** {@code contentId}: the content identifier (a URI), or null. */
  CONTENT_ID("contentId", true),
  /** {@code contentIdStatus}: {@link ContentIdStatus}, or null. */
  CONTENT_ID_STATUS("contentIdStatus", true),
  /** {@code presentationStatus}: space-separated tokens, the first okay/transitioning/fault. */
  PRESENTATION_STATUS("presentationStatus", false),
  /** {@code wcUrl}: the CSS-WC endpoint, {@code udp://host:port}, or null. */
  WC_URL("wcUrl", true),
  /** {@code tsUrl}: the CSS-TS endpoint, {@code ws://...}, or null. */
  TS_URL("tsUrl", true),
  /** {@code teUrl}: the CSS-TE endpoint, {@code ws://...}, or null. */
  TE_URL("teUrl", true),
  /** {@code timelines}: the timelines the TV can offer, or null. */
  TIMELINES("timelines", true),
  /** {@code private}: private data items. */
  PRIVATE("private", false);

  private final String wireName;
  private final boolean nullable;

  CiiProperty(String wireName, boolean nullable) {
    this.wireName = wireName;
    this.nullable = nullable;
  }

  /**
   * The JSON key.
   *
   * @return e.g. {@code "mrsUrl"}
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Whether the property may carry JSON {@code null}. DVB's schema (css-cii.cii-1.1.1) allows null
   * for every property except {@code protocolVersion}, {@code presentationStatus} and {@code
   * private}.
   *
   * @return true if null is a valid value
   */
  public boolean isNullable() {
    return nullable;
  }

  /**
   * The property with a JSON key; case sensitive.
   *
   * @param wireName the key
   * @return the property, or empty for an unknown key
   */
  public static Optional<CiiProperty> fromWireName(String wireName) {
    for (CiiProperty p : values()) {
      if (p.wireName.equals(wireName)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
