package org.dvbcss.tools.abuse;

/** How an abuser misbehaves, with the label the report prints for it. Immutable. */
enum Kind {
  INVALID_JSON("invalid-json"),
  BINARY("binary"),
  OVERSIZE("oversize"),
  BAD_UTF8("bad-utf8"),
  SLOW("slow-reader"),
  PING_FLOOD("ping-flood"),
  HALF_REQUEST("half-request"),
  STALL("stalled-request"),
  SILENT("silent"),
  FLOOD("flood");

  final String label;

  Kind(String label) {
    this.label = label;
  }
}
