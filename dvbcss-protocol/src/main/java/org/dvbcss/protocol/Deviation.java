package org.dvbcss.protocol;

/**
 * A deviation from the spec that {@link ReadMode#TOLERANT} reading accepts, because it has exactly
 * one sensible reading. Decoders report the kinds they accepted in a {@link Decoded}; a companion
 * counts them and says so ({@code "TV deviates from the spec: " + description() + " (accepted)"}).
 *
 * <p>The project's {@code docs/tolerance.md} describes each kind: what a TV sends, how it is read,
 * and why that reading is safe.
 *
 * <p>Immutable; thread safe.
 */
public enum Deviation {
  /**
   * CII {@code presentationStatus} sent as a JSON array of tokens ({@code ["okay"]}) instead of one
   * string of space-separated tokens ({@code "okay"}): read as those tokens.
   */
  CII_PRESENTATION_STATUS_ARRAY("presentationStatus sent as a JSON array of tokens"),
  /**
   * A valid CII message with one or more invalid optional properties (e.g. {@code "teUrl": 5}, a
   * malformed entry of {@code timelines}): kept without them, as if they had not been sent. The
   * optional properties are {@code mrsUrl}, {@code teUrl} and {@code private}, the entries of
   * {@code timelines}, and an entry's {@code accuracy} and {@code private}: none of them decides
   * which content, endpoints or timeline a companion follows.
   */
  CII_INVALID_OPTIONAL_PROPERTY("an invalid optional CII property or timeline entry, left out"),
  /**
   * A property the spec does not define in a CII message: ignored. DVB's schema allows additional
   * properties, so this is accepted in both modes, and reported in both (a misspelt property, such
   * as {@code msrUrl}, looks exactly like this, and its value is lost).
   */
  CII_UNKNOWN_PROPERTY("a CII property the spec does not define, ignored"),
  /**
   * CSS-TS {@code contentTime} or {@code wallClockTime} sent as an exact JSON integer number
   * ({@code 924956}) instead of a string of digits ({@code "924956"}): read as that integer.
   */
  TS_INTEGER_AS_NUMBER("contentTime or wallClockTime sent as a JSON number"),
  /**
   * A CSS-TS "timeline unavailable" control timestamp sent with {@code timelineSpeedMultiplier}
   * null but without {@code "contentTime": null}: read as unavailable.
   */
  TS_UNAVAILABLE_WITHOUT_CONTENT_TIME("timeline unavailable sent without contentTime: null"),
  /**
   * A CSS-TS "timeline unavailable" control timestamp sent without {@code wallClockTime}: taken as
   * observed at the receiver's wall clock time now.
   */
  TS_UNAVAILABLE_WITHOUT_WALL_CLOCK_TIME(
      "timeline unavailable sent without wallClockTime, taken as now");

  private final String description;

  Deviation(String description) {
    this.description = description;
  }

  /**
   * What the peer did, in a few words, for a warning such as {@code "TV deviates from the spec:
   * contentTime or wallClockTime sent as a JSON number (accepted)"}.
   *
   * @return the description, lower case, no final full stop
   */
  public String description() {
    return description;
  }
}
