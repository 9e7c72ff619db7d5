package org.dvbcss.protocol.cii;

import java.util.Optional;

/**
 * Whether a CII {@code contentId} is final or may still change (ETSI TS 103 286-2, CSS-CII).
 *
 * <p>Immutable; thread safe.
 */
public enum ContentIdStatus {
  /** The content id may change once more is known (wire {@code "partial"}). */
  PARTIAL("partial"),
  /** The content id is complete (wire {@code "final"}). */
  FINAL("final");

  private final String wireName;

  ContentIdStatus(String wireName) {
    this.wireName = wireName;
  }

  /**
   * The value on the wire.
   *
   * @return {@code "partial"} or {@code "final"}
   */
  public String wireName() {
    return wireName;
  }

  /**
   * The status for a wire value; case sensitive.
   *
   * @param wireName {@code "partial"} or {@code "final"}
   * @return the status, or empty for any other string
   */
  public static Optional<ContentIdStatus> fromWireName(String wireName) {
    for (ContentIdStatus s : values()) {
      if (s.wireName.equals(wireName)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
