package org.dvbcss.tv;

import java.time.Duration;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * One way in which real TVs depart from DVB-CSS or behave badly, which the simulated TV can be told
 * to reproduce ({@link Faults}, {@link TvConfig#faults()}), so that companions can be tested
 * against it without such a TV.
 *
 * <p>The TV's encoders stay strict: a deviant message is made by rewriting the strict JSON text
 * (or, for CSS-WC, the strict message) just before it is sent, so a fault changes exactly what it
 * names and nothing else. Each fault has a short kebab-case name ({@link #shortName()}) used by
 * {@code dvbcss tv --fault}.
 *
 * <p>Immutable constants; thread safe.
 */
public enum Fault {
  /** CII {@code presentationStatus} sent as a JSON array of tokens, {@code ["okay"]}. */
  PRESENTATION_STATUS_ARRAY(
      "CII presentationStatus sent as a JSON array of tokens ([\"okay\"]), not a string"),
  /**
   * CSS-TS {@code contentTime} and {@code wallClockTime} sent as JSON numbers, {@code
   * {"contentTime":924956,"wallClockTime":41381814326,...}}. The values are exact integers; a wall
   * clock time beyond 2<sup>53</sup> ns (104 days of the TV's clock) cannot be read exactly as a
   * double by a companion.
   */
  INTEGERS_AS_NUMBERS("CSS-TS contentTime and wallClockTime sent as JSON numbers, not strings"),
  /**
   * CSS-TS "timeline unavailable" sent as {@code {"timelineSpeedMultiplier":null}} only: no {@code
   * contentTime: null} and no {@code wallClockTime}.
   */
  UNAVAILABLE_SPEED_ONLY(
      "CSS-TS \"timeline unavailable\" sent as {\"timelineSpeedMultiplier\":null} only"),
  /**
   * Every CII message carries one invalid optional property, {@code "teUrl":5} (a number where a
   * URL string or null belongs). The TV has no CSS-TE endpoint, so no valid value is hidden.
   */
  INVALID_OPTIONAL_PROPERTY("every CII message carries an invalid optional property, \"teUrl\":5"),
  /**
   * Every CII message carries a property the specification does not define, {@code
   * "vendorInfo":"dvbcss-java TV simulator"}.
   */
  UNKNOWN_PROPERTY("every CII message carries a property the spec does not define, \"vendorInfo\""),
  /** The whole CII state resent on every change, not only the properties that changed. */
  FULL_STATE("the whole CII state resent on every change, not just what changed"),
  /**
   * Timeline changes (pause, play, speed, seek, the restart of new content) reach CSS-TS companions
   * only on a tick every {@link #SLOW_TIMESTAMPS_INTERVAL}, latest only: what a timeline does is
   * sampled on each tick and sent if it changed since the last. So a pause arrives up to 2 s late
   * and a companion's position is wrong meanwhile; a companion setting up between ticks gets the
   * last sample. A content change still tells companions of the old content "unavailable" at once,
   * and so does a timeline taken off the air; companions of the new content hear its timeline on
   * the next tick.
   */
  SLOW_TIMESTAMPS("CSS-TS timeline changes sent only on a 2 s tick, latest only (a pause is late)"),
  /**
   * The CSS-TS server ignores companions' content id stems: any stem is served the timeline while
   * there is content, so a companion of other content is not told "unavailable" (and one that set
   * up for the old content follows the new one after a content change).
   */
  IGNORE_STEM("the CSS-TS server ignores the content id stem and serves any stem"),
  /**
   * A refused WebSocket upgrade (a wrong path, over the connection limit, shutting down, an origin
   * not allowed, a malformed request) is answered by closing the TCP connection, with no HTTP
   * status.
   */
  REFUSE_BY_CLOSE("a refused WebSocket upgrade is answered by closing TCP, with no HTTP status"),
  /** Shutdown drops every companion's connection without a WebSocket close frame. */
  NO_CLOSE_FRAME("shutdown drops connections without a WebSocket close frame"),
  /**
   * CII {@code wcUrl} and {@code tsUrl} advertise the host {@code 0.0.0.0} (the wildcard address
   * the TV bound) instead of the address the companion reached, as TVs seen in the field do;
   * companion apps rewrite such a host to the TV's IP address.
   */
  ZERO_ADDRESS_URLS("CII wcUrl and tsUrl advertise host 0.0.0.0, not the address reached"),
  /**
   * The first CII message has no {@code protocolVersion}: a TV whose first message is built like
   * any later update, from what it thinks changed.
   */
  NO_PROTOCOL_VERSION("the first CII message has no protocolVersion"),
  /**
   * CII messages carry {@code contentId} without {@code contentIdStatus}: a TV that treats the
   * status as optional and never sends it.
   */
  CONTENT_ID_WITHOUT_STATUS("CII messages carry contentId without contentIdStatus"),
  /**
   * CII {@code contentIdStatus} sent as {@code "complete"}, a value outside {@code partial} and
   * {@code final}: implementations in the field use status words of their own.
   */
  WRONG_CONTENT_ID_STATUS("CII contentIdStatus sent as \"complete\", not partial or final"),
  /**
   * Every CII message after the first carries {@code "timelines":[]}: the TV says the content has
   * no timelines while CSS-TS still serves them. It models the bug in which a partial CII update
   * wipes the known timelines.
   */
  WIPE_TIMELINES("every CII update after the first carries \"timelines\":[]"),
  /**
   * The first CII message is sent only {@link #FIRST_MESSAGE_LATE_DELAY} after the connection opens
   * (with the state as it is then): a TV slow to answer a new companion; later changes go at once.
   */
  FIRST_MESSAGE_LATE("the first CII message is sent 2 s after the connection opens"),
  /**
   * The TV closes a CII connection (status 1008) when the companion sends it any message, where the
   * specification says client messages are ignored: a TV that treats any input as a protocol error.
   */
  CII_CLOSES_ON_CLIENT_MESSAGE("the TV closes a CII connection when the companion sends anything"),
  /**
   * CSS-TS "timeline unavailable" carries {@code contentTime: null} but keeps a number in {@code
   * timelineSpeedMultiplier} ({@code 1.0}): only one of the pair is null, a TV that blanks the
   * position alone.
   */
  ONE_NULL_TIMESTAMP("CSS-TS \"timeline unavailable\" with contentTime null but speed 1.0"),
  /**
   * CSS-TS control timestamps carry a {@code wallClockTime} on another clock: Unix time in
   * nanoseconds instead of the CSS-WC wall clock: a TV that stamps control timestamps with its
   * system time while its CSS-WC server serves another clock.
   */
  TIMESTAMPS_OFF_CLOCK("CSS-TS wallClockTime is Unix time in ns, not the CSS-WC wall clock"),
  /**
   * CII declares the TEMI timeline at {@link #WRONG_TICK_RATE_UNITS_PER_SECOND} units per second
   * while CSS-TS serves it at its real rate (1 kHz). It models pydvbcss's TVDevice example, whose
   * documented and served rates differ.
   */
  WRONG_TICK_RATE("CII declares TEMI at 50 units per second; CSS-TS serves it at 1 kHz"),
  /**
   * A companion's first control timestamp arrives only {@link #LATE_FIRST_TIMESTAMP_DELAY} after
   * its setup data (the one current then; later changes go at once): a TV slow to start serving a
   * timeline, as TEMI timelines not selectable at first have been seen in the field.
   */
  LATE_FIRST_TIMESTAMP("the first CSS-TS control timestamp is sent 3 s after the setup data"),
  /**
   * The TV closes a CSS-TS connection (status 1008) when the companion sends Actual, Earliest and
   * Latest presentation timestamps, where the specification says they are accepted: a TV that
   * expects nothing from a companion after its setup data.
   */
  TS_CLOSES_ON_CLIENT_TIMESTAMP(
      "the TV closes a CSS-TS connection when the companion sends presentation timestamps"),
  // CSS-WC faults
  /**
   * Every CSS-WC response carries precision 0, that is 2<sup>0</sup> = 1 s, whatever the clock's
   * real precision: what a server sends that builds its responses from a zeroed buffer and never
   * fills the field in. A companion that trusts it thinks its error bound is a second wider than it
   * is; one that sanity-checks it sees a value far coarser than a real clock.
   */
  WC_PRECISION_UNSET("CSS-WC responses carry precision 0 (2^0 = 1 s), a field never filled in"),
  /**
   * The CSS-WC responses' originate time value is not echoed byte for byte: its nanoseconds field
   * is truncated to whole microseconds (a multiple of 1000), as from a server that keeps the
   * request's originate time in a POSIX {@code struct timeval} (seconds and microseconds) and
   * writes it back from there. A companion that matches responses to its requests by the exact
   * originate value finds no match for almost every response (one whose nanoseconds field was
   * already a multiple of 1000 comes back unchanged).
   */
  WC_WRONG_ORIGINATE(
      "CSS-WC responses echo the originate time cut to whole microseconds, not bit-exactly"),
  /**
   * The CSS-WC server stops answering anything after the first malformed datagram it receives (a
   * wrong length, a version other than 0, an unknown type, or a message that is not a request),
   * until the TV stops: what pydvbcss's wall clock server does, which raises an exception on a
   * message that is not a request and so ends its receiving loop. One stray datagram, or a second
   * companion with a bug, leaves every companion without a wall clock.
   */
  WC_DIES_ON_MALFORMED("the CSS-WC server stops answering anything after one malformed datagram"),
  /**
   * The CSS-WC server answers every request with message type 2 ("a follow-up with a more accurate
   * transmit time will come") and never sends the type-3 follow-up, as from a server whose
   * follow-up path is broken or was never written. A companion that waits for the follow-up before
   * using the response never gets a measurement.
   */
  WC_FOLLOW_UP_MISSING("CSS-WC responses are type 2 (a follow-up will come), and none comes");

  /** How late {@link #FIRST_MESSAGE_LATE} sends the first CII message: 2 s. */
  public static final Duration FIRST_MESSAGE_LATE_DELAY = Duration.ofSeconds(2);

  /** How late {@link #LATE_FIRST_TIMESTAMP} sends the first control timestamp: 3 s. */
  public static final Duration LATE_FIRST_TIMESTAMP_DELAY = Duration.ofSeconds(3);

  /** The TEMI {@code unitsPerSecond} that {@link #WRONG_TICK_RATE} declares in CII: 50. */
  public static final long WRONG_TICK_RATE_UNITS_PER_SECOND = 50;

  /** How often {@link #SLOW_TIMESTAMPS} samples the timelines: 2 s. */
  public static final Duration SLOW_TIMESTAMPS_INTERVAL = Duration.ofSeconds(2);

  private final String description;

  Fault(String description) {
    this.description = description;
  }

  /**
   * The name used by {@code dvbcss tv --fault}.
   *
   * @return e.g. {@code integers-as-numbers}
   */
  public String shortName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * What the TV does with this fault, in one line.
   *
   * @return e.g. {@code CSS-TS contentTime and wallClockTime sent as JSON numbers, not strings}
   */
  public String description() {
    return description;
  }

  /**
   * The fault with a short name (any case) or a constant name.
   *
   * @param name e.g. {@code slow-timestamps} or {@code SLOW_TIMESTAMPS}
   * @return the fault
   * @throws IllegalArgumentException naming every valid name if none has that name
   */
  public static Fault named(String name) {
    String n = name.trim();
    for (Fault f : values()) {
      if (f.shortName().equalsIgnoreCase(n) || f.name().equalsIgnoreCase(n)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown fault '" + name + "': " + validNames());
  }

  /**
   * Every short name, in declaration order.
   *
   * @return e.g. {@code presentation-status-array, integers-as-numbers, ...}
   */
  public static String validNames() {
    StringJoiner all = new StringJoiner(", ");
    for (Fault f : values()) {
      all.add(f.shortName());
    }
    return all.toString();
  }
}
