package org.dvbcss.companion.check;

import java.util.Locale;

/**
 * The protocol a rule belongs to: the {@code "protocol"} member of a JSON rule result.
 *
 * <p>Immutable constants; thread safe.
 */
public enum Area {
  /** DIAL discovery: SSDP, the device description, the HbbTV application resource. */
  DIAL,
  /** The WebSocket transport of CSS-CII and CSS-TS (handshake, ping, fragments, refusals). */
  WS,
  /** CSS-CII content identification messages. */
  CII,
  /** CSS-WC, the wall clock over UDP. */
  WC,
  /** CSS-TS timeline synchronisation. */
  TS;

  /**
   * The lower-case name used in reports.
   *
   * @return e.g. {@code cii}
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
