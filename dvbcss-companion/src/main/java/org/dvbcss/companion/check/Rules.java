package org.dvbcss.companion.check;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * Every rule the checker applies, by id. {@code docs/check.md} explains each in plain words.
 *
 * <p>Constants; thread safe.
 */
public final class Rules {
  private Rules() {}

  /**
   * An SSDP M-SEARCH for urn:dial-multiscreen-org:service:dial:1 gets a 200 response with a
   * LOCATION header (UPnP 1.0 or 1.1).
   */
  public static final Rule DISC_1 =
      Rule.fail(
          "R-DISC-1",
          Area.DIAL,
          "An SSDP M-SEARCH for urn:dial-multiscreen-org:service:dial:1 gets a 200 response with a LOCATION header (UPnP 1.0 or 1.1).",
          "HbbTV test specification 7.6.1",
          Confidence.QUOTED);

  /** GET LOCATION answers 200 with an Application-URL header, within 10 s, without a redirect. */
  public static final Rule DISC_2 =
      Rule.fail(
          "R-DISC-2",
          Area.DIAL,
          "GET LOCATION answers 200 with an Application-URL header, within 10 s, without a redirect.",
          "HbbTV test specification 7.6.3; DIAL 5.4",
          Confidence.QUOTED);

  /**
   * GET Application-URL (plus '/' if missing) + 'HbbTV' answers 200 with an XML application
   * resource, without a redirect.
   */
  public static final Rule DISC_3 =
      Rule.fail(
          "R-DISC-3",
          Area.DIAL,
          "GET Application-URL (plus '/' if missing) + 'HbbTV' answers 200 with an XML application resource, without a redirect.",
          "HbbTV test specification 7.6.4; TS 102 796 14.7.2",
          Confidence.QUOTED);

  /**
   * The application resource's additionalData holds X_HbbTV_InterDevSyncURL, X_HbbTV_App2AppURL and
   * X_HbbTV_UserAgent in the namespace urn:hbbtv:HbbTVCompanionScreen:2014.
   */
  public static final Rule DISC_4 =
      Rule.fail(
          "R-DISC-4",
          Area.DIAL,
          "The application resource's additionalData holds X_HbbTV_InterDevSyncURL, X_HbbTV_App2AppURL and X_HbbTV_UserAgent in the namespace urn:hbbtv:HbbTVCompanionScreen:2014.",
          "HbbTV test specification 7.6.4",
          Confidence.QUOTED);

  /**
   * The InterDevSync URL is a ws:// URL whose host is reachable: not 0.0.0.0, loopback, localhost
   * or empty.
   */
  public static final Rule DISC_5 =
      Rule.warn(
          "R-DISC-5",
          Area.DIAL,
          "The InterDevSync URL is a ws:// URL whose host is reachable: not 0.0.0.0, loopback, localhost or empty.",
          "companion apps in the field rewrite such hosts to the TV's address",
          Confidence.INFERRED);

  /** A DIAL response to a request with an Origin header carries Access-Control-Allow-Origin. */
  public static final Rule DISC_6 =
      Rule.warn(
          "R-DISC-6",
          Area.DIAL,
          "A DIAL response to a request with an Origin header carries Access-Control-Allow-Origin.",
          "TS 102 796 14.8 (CORS); HbbTV test specification 7.6.3-7.6.6",
          Confidence.PARAPHRASED);

  /** A WebSocket handshake without an Origin header succeeds (companions are not browsers). */
  public static final Rule WS_1 =
      Rule.fail(
          "R-WS-1",
          Area.WS,
          "A WebSocket handshake without an Origin header succeeds (companions are not browsers).",
          "RFC 6455; HbbTV test specification 7.7.2",
          Confidence.INFERRED);

  /**
   * A refused upgrade (unknown path, endpoint disabled, connection limit) is answered with an HTTP
   * error status, not by closing or resetting TCP.
   */
  public static final Rule WS_2 =
      Rule.warn(
          "R-WS-2",
          Area.WS,
          "A refused upgrade (unknown path, endpoint disabled, connection limit) is answered with an HTTP error status, not by closing or resetting TCP.",
          "HbbTV test specification 7.7 (the status code, e.g. 503, is exposed to tests)",
          Confidence.QUOTED);

  /** A Ping gets a Pong with the same payload. */
  public static final Rule WS_3 =
      Rule.fail(
          "R-WS-3",
          Area.WS,
          "A Ping gets a Pong with the same payload.",
          "RFC 6455 5.5.2; HbbTV test specification 7.7.4",
          Confidence.PARAPHRASED);

  /** A text message the client sends in several fragments is reassembled. */
  public static final Rule WS_4 =
      Rule.warn(
          "R-WS-4",
          Area.WS,
          "A text message the client sends in several fragments is reassembled.",
          "RFC 6455 5.4; HbbTV test specification 7.7.3",
          Confidence.INFERRED);

  /**
   * After many rapid connection attempts and abrupt TCP closes, the server still accepts a fresh
   * connection and serves a correct first message.
   */
  public static final Rule WS_5 =
      Rule.fail(
          "R-WS-5",
          Area.WS,
          "After many rapid connection attempts and abrupt TCP closes, the server still accepts a fresh connection and serves a correct first message.",
          "HbbTV test specification 7.7.2, 7.7.6",
          Confidence.INFERRED);

  /**
   * The server closes connections with a close frame and a status code (1001 when it goes away),
   * not by dropping TCP.
   */
  public static final Rule WS_6 =
      Rule.warn(
          "R-WS-6",
          Area.WS,
          "The server closes connections with a close frame and a status code (1001 when it goes away), not by dropping TCP.",
          "RFC 6455 7.1.1; pydvbcss closes with 1001",
          Confidence.QUOTED);

  /**
   * The server sends a first CII message without any client message: within 1 s (WARN above, FAIL
   * at 5 s).
   */
  public static final Rule CII_1 =
      Rule.fail(
          "R-CII-1",
          Area.CII,
          "The server sends a first CII message without any client message: within 1 s (WARN above, FAIL at 5 s).",
          "TS 103 286-2 6.1 as described by pydvbcss",
          Confidence.INFERRED);

  /** The first CII message contains "protocolVersion": "1.1". */
  public static final Rule CII_2 =
      Rule.fail(
          "R-CII-2",
          Area.CII,
          "The first CII message contains \"protocolVersion\": \"1.1\".",
          "TS 103 286-2 5.6.7 as described by pydvbcss",
          Confidence.QUOTED);

  /** The first message contains every property whose value is not null. */
  public static final Rule CII_3 =
      Rule.fail(
          "R-CII-3",
          Area.CII,
          "The first message contains every property whose value is not null.",
          "TS 103 286-2 5.6.7 as described by pydvbcss",
          Confidence.PARAPHRASED);

  /**
   * Each message is one JSON object in a text frame whose keys are CII properties (an unknown key
   * is a WARN).
   */
  public static final Rule CII_4 =
      Rule.fail(
          "R-CII-4",
          Area.CII,
          "Each message is one JSON object in a text frame whose keys are CII properties (an unknown key is a WARN).",
          "TS 103 286-2 5.6.7; DVB CII schema",
          Confidence.QUOTED);

  /** Any message that contains contentId also contains contentIdStatus. */
  public static final Rule CII_5 =
      Rule.fail(
          "R-CII-5",
          Area.CII,
          "Any message that contains contentId also contains contentIdStatus.",
          "TS 103 286-2 5.6.7 as enforced by pydvbcss",
          Confidence.QUOTED);

  /** contentIdStatus is "partial", "final" or null. */
  public static final Rule CII_6 =
      Rule.fail(
          "R-CII-6",
          Area.CII,
          "contentIdStatus is \"partial\", \"final\" or null.",
          "DVB CII schema",
          Confidence.QUOTED);

  /**
   * presentationStatus is a string of space-separated tokens whose first is okay, transitioning or
   * fault.
   */
  public static final Rule CII_7 =
      Rule.fail(
          "R-CII-7",
          Area.CII,
          "presentationStatus is a string of space-separated tokens whose first is okay, transitioning or fault.",
          "DVB CII schema",
          Confidence.PARAPHRASED);

  /**
   * wcUrl is udp://host:port, tsUrl is ws:// or wss://, teUrl and mrsUrl are URLs or null; every
   * value has its schema type.
   */
  public static final Rule CII_8 =
      Rule.fail(
          "R-CII-8",
          Area.CII,
          "wcUrl is udp://host:port, tsUrl is ws:// or wss://, teUrl and mrsUrl are URLs or null; every value has its schema type.",
          "HbbTV test specification 7.8.3; DVB CII schema",
          Confidence.QUOTED);

  /**
   * A TV that is an inter-device sync master advertises wcUrl and tsUrl; teUrl is null or absent.
   */
  public static final Rule CII_9 =
      Rule.info(
          "R-CII-9",
          Area.CII,
          "A TV that is an inter-device sync master advertises wcUrl and tsUrl; teUrl is null or absent.",
          "TS 102 796 13 (HbbTV master role) as implemented by terminals",
          Confidence.QUOTED);

  /**
   * The hosts in wcUrl and tsUrl are reachable: not 0.0.0.0, loopback (unless the TV itself was
   * reached there) or empty.
   */
  public static final Rule CII_10 =
      Rule.warn(
          "R-CII-10",
          Area.CII,
          "The hosts in wcUrl and tsUrl are reachable: not 0.0.0.0, loopback (unless the TV itself was reached there) or empty.",
          "companion apps in the field rewrite such hosts to the TV's address",
          Confidence.INFERRED);

  /**
   * timelines is an array of {timelineSelector, timelineProperties:{unitsPerTick, unitsPerSecond,
   * accuracy?}} with positive integer units.
   */
  public static final Rule CII_11 =
      Rule.fail(
          "R-CII-11",
          Area.CII,
          "timelines is an array of {timelineSelector, timelineProperties:{unitsPerTick, unitsPerSecond, accuracy?}} with positive integer units.",
          "TS 103 286-2 5.5.9.5; DVB CII schema",
          Confidence.QUOTED);

  /**
   * Timeline selectors are well formed (pts, temi:&lt;tag&gt;:&lt;id&gt;,
   * mpd:period:rel:&lt;rate&gt;[:&lt;id&gt;], ct); others are private selectors.
   */
  public static final Rule CII_12 =
      Rule.warn(
          "R-CII-12",
          Area.CII,
          "Timeline selectors are well formed (pts, temi:<tag>:<id>, mpd:period:rel:<rate>[:<id>], ct); others are private selectors.",
          "TS 103 286-2 5.3.3",
          Confidence.RECALLED);

  /**
   * Whenever a property changes the server sends at least the changed properties, and only those
   * that changed (a resend of unchanged ones is a WARN); timelines are not wiped while the content
   * stays.
   */
  public static final Rule CII_13 =
      Rule.fail(
          "R-CII-13",
          Area.CII,
          "Whenever a property changes the server sends at least the changed properties, and only those that changed (a resend of unchanged ones is a WARN); timelines are not wiped while the content stays.",
          "TS 103 286-2 5.6.7 as described by pydvbcss",
          Confidence.PARAPHRASED);

  /**
   * Messages sent by the client are ignored: the connection stays open and the state is unaffected.
   */
  public static final Rule CII_14 =
      Rule.fail(
          "R-CII-14",
          Area.CII,
          "Messages sent by the client are ignored: the connection stays open and the state is unaffected.",
          "TS 103 286-2 6.1 as described by pydvbcss",
          Confidence.QUOTED);

  /**
   * contentId is a dvb:// URI for broadcast or the MPD URL for DASH, and is present while content
   * is presented.
   */
  public static final Rule CII_15 =
      Rule.warn(
          "R-CII-15",
          Area.CII,
          "contentId is a dvb:// URI for broadcast or the MPD URL for DASH, and is present while content is presented.",
          "TS 103 286-2 5.2.3",
          Confidence.PARAPHRASED);

  /**
   * The content id status and its value as announced (an application may override the content id).
   */
  public static final Rule CII_16 =
      Rule.info(
          "R-CII-16",
          Area.CII,
          "The content id status and its value as announced (an application may override the content id).",
          "TS 102 796 errata (contentIdOverride)",
          Confidence.QUOTED);

  /**
   * When inter-device sync is switched off, the TV closes CII and TS connections with a close frame
   * and refuses new ones.
   */
  public static final Rule CII_17 =
      Rule.warn(
          "R-CII-17",
          Area.CII,
          "When inter-device sync is switched off, the TV closes CII and TS connections with a close frame and refuses new ones.",
          "TS 102 796 13.8 (disable semantics)",
          Confidence.RECALLED);

  /**
   * On a content change: the sequence and times of presentationStatus, contentId, contentIdStatus
   * and timelines.
   */
  public static final Rule CII_18 =
      Rule.info(
          "R-CII-18",
          Area.CII,
          "On a content change: the sequence and times of presentationStatus, contentId, contentIdStatus and timelines.",
          "TS 103 286-2 5.2.3.6",
          Confidence.QUOTED);

  /**
   * A 32-byte request (version 0, type 0) from any port gets 32-byte responses sent to that address
   * and port.
   */
  public static final Rule WC_1 =
      Rule.fail(
          "R-WC-1",
          Area.WC,
          "A 32-byte request (version 0, type 0) from any port gets 32-byte responses sent to that address and port.",
          "TS 103 286-2 8",
          Confidence.QUOTED);

  /**
   * The response is type 1, or type 2 followed by a type-3 follow-up with the same originate value
   * (no follow-up within 1 s is a WARN).
   */
  public static final Rule WC_2 =
      Rule.fail(
          "R-WC-2",
          Area.WC,
          "The response is type 1, or type 2 followed by a type-3 follow-up with the same originate value (no follow-up within 1 s is a WARN).",
          "TS 103 286-2 8; HbbTV test specification terminal option +CSS_WC_RESPONSE_TYPE_2",
          Confidence.QUOTED);

  /** The originate timevalue is echoed bit-exactly. */
  public static final Rule WC_3 =
      Rule.fail(
          "R-WC-3",
          Area.WC,
          "The originate timevalue is echoed bit-exactly.",
          "TS 103 286-2 8.3",
          Confidence.QUOTED);

  /**
   * Responses have version 0, nanosecond fields below 10^9, and receive time not after transmit
   * time.
   */
  public static final Rule WC_4 =
      Rule.fail(
          "R-WC-4",
          Area.WC,
          "Responses have version 0, nanosecond fields below 10^9, and receive time not after transmit time.",
          "TS 103 286-2 8.3",
          Confidence.INFERRED);

  /** The precision field is plausible: between 2^-30 s and 2^-7 s. */
  public static final Rule WC_5 =
      Rule.warn(
          "R-WC-5",
          Area.WC,
          "The precision field is plausible: between 2^-30 s and 2^-7 s.",
          "TS 103 286-2 8.3 (precision, log2 seconds)",
          Confidence.INFERRED);

  /**
   * max_freq_error is at most 500 ppm, and the wall clock's measured rate stays within what it
   * declares (over at least 60 s).
   */
  public static final Rule WC_6 =
      Rule.warn(
          "R-WC-6",
          Area.WC,
          "max_freq_error is at most 500 ppm, and the wall clock's measured rate stays within what it declares (over at least 60 s).",
          "TS 103 286-2 8.3; every reference implementation declares 500 ppm",
          Confidence.INFERRED);

  /** The wall clock never steps back by more than the error bounds of two readings. */
  public static final Rule WC_7 =
      Rule.fail(
          "R-WC-7",
          Area.WC,
          "The wall clock never steps back by more than the error bounds of two readings.",
          "TS 103 286-2 8 (a monotonic wall clock)",
          Confidence.INFERRED);

  /**
   * Malformed datagrams (wrong length, version, type, garbage) do not stop the server: a valid
   * request afterwards is answered.
   */
  public static final Rule WC_8 =
      Rule.fail(
          "R-WC-8",
          Area.WC,
          "Malformed datagrams (wrong length, version, type, garbage) do not stop the server: a valid request afterwards is answered.",
          "robustness; pydvbcss's server stops on one",
          Confidence.INFERRED);

  /**
   * Round trip time, server turnaround (t3 - t2) and the best error bound (dispersion) of the wall
   * clock.
   */
  public static final Rule WC_9 =
      Rule.info(
          "R-WC-9",
          Area.WC,
          "Round trip time, server turnaround (t3 - t2) and the best error bound (dispersion) of the wall clock.",
          "HbbTV test specification 7.8.3; TS 103 286-2 Annex C",
          Confidence.QUOTED);

  /** The server accepts the connection and sends nothing before the client's setup data. */
  public static final Rule TS_1 =
      Rule.fail(
          "R-TS-1",
          Area.TS,
          "The server accepts the connection and sends nothing before the client's setup data.",
          "TS 103 286-2 5.7.3; HbbTV test specification 7.8.4",
          Confidence.QUOTED);

  /**
   * The first control timestamp arrives soon after the setup data: WARN above 500 ms, FAIL above 5
   * s.
   */
  public static final Rule TS_2 =
      Rule.fail(
          "R-TS-2",
          Area.TS,
          "The first control timestamp arrives soon after the setup data: WARN above 500 ms, FAIL above 5 s.",
          "HbbTV test specification 7.8.4 (500 ms), 7.8.3 (5 s)",
          Confidence.INFERRED);

  /**
   * A control timestamp is {contentTime: digits or null, wallClockTime: digits,
   * timelineSpeedMultiplier: number or null}, contentTime and timelineSpeedMultiplier both null or
   * both not.
   */
  public static final Rule TS_3 =
      Rule.fail(
          "R-TS-3",
          Area.TS,
          "A control timestamp is {contentTime: digits or null, wallClockTime: digits, timelineSpeedMultiplier: number or null}, contentTime and timelineSpeedMultiplier both null or both not.",
          "TS 103 286-2 5.7.5; DVB TS schema",
          Confidence.QUOTED);

  /**
   * The timeline is available iff the stem is a prefix of the contentId and the selector names a
   * timeline of the content; otherwise the control timestamp carries nulls and the connection stays
   * open.
   */
  public static final Rule TS_4 =
      Rule.fail(
          "R-TS-4",
          Area.TS,
          "The timeline is available iff the stem is a prefix of the contentId and the selector names a timeline of the content; otherwise the control timestamp carries nulls and the connection stays open.",
          "TS 103 286-2 5.7.3; HbbTV test specification 7.8.4",
          Confidence.PARAPHRASED);

  /**
   * Control timestamps' wallClockTime is on the CSS-WC wall clock (within a second of the
   * companion's estimate when it describes the present).
   */
  public static final Rule TS_5 =
      Rule.fail(
          "R-TS-5",
          Area.TS,
          "Control timestamps' wallClockTime is on the CSS-WC wall clock: on a fresh setup, within 1 s plus the estimate's error bound of the companion's estimate at receipt, or an older correlation (at most a day old) that a second fresh setup repeats unchanged; never ahead of the clock.",
          "HbbTV test specification 7.8.4",
          Confidence.INFERRED);

  /**
   * At speed 1 the timeline advances at unitsPerSecond/unitsPerTick as CII declares, within 1000
   * ppm plus the measurement's error bound.
   */
  public static final Rule TS_6 =
      Rule.fail(
          "R-TS-6",
          Area.TS,
          "At speed 1 the timeline advances at unitsPerSecond/unitsPerTick as CII declares, within 1000 ppm plus one tick at each end of the span, measured between the first control timestamp and one from a fresh setup at the end (by their own wallClockTimes; not measurable when both carry the same correlation).",
          "TS 103 286-2 5.5.9.5",
          Confidence.INFERRED);

  /**
   * Control timestamps at unchanged speed agree with each other's extrapolation (WARN above one
   * frame, 40 ms), and are sent only on change.
   */
  public static final Rule TS_7 =
      Rule.warn(
          "R-TS-7",
          Area.TS,
          "Control timestamps at unchanged speed agree with each other's extrapolation (WARN above one frame, 40 ms), and are sent only on change.",
          "TS 103 286-2 5.7.5",
          Confidence.INFERRED);

  /**
   * On pause, seek or speed change a new control timestamp arrives promptly (pause gives speed 0);
   * on a content change, one with the new availability.
   */
  public static final Rule TS_8 =
      Rule.fail(
          "R-TS-8",
          Area.TS,
          "On pause, seek or speed change a new control timestamp arrives promptly (pause gives speed 0); on a content change, one with the new availability.",
          "TS 103 286-2 5.7.5 as described by pydvbcss",
          Confidence.QUOTED);

  /**
   * Actual, Earliest and Latest presentation timestamps from the client are accepted and ignored:
   * the connection stays open.
   */
  public static final Rule TS_9 =
      Rule.fail(
          "R-TS-9",
          Area.TS,
          "Actual, Earliest and Latest presentation timestamps from the client are accepted and ignored: the connection stays open.",
          "HbbTV test specification 7.8.4 step 5",
          Confidence.QUOTED);

  /** Invalid setup data neither crashes the server nor starts a stream. */
  public static final Rule TS_10 =
      Rule.warn(
          "R-TS-10",
          Area.TS,
          "Invalid setup data neither crashes the server nor starts a stream.",
          "TS 103 286-2 5.7.3 as implemented by pydvbcss",
          Confidence.QUOTED);

  /**
   * How long each advertised timeline takes to become available (a broadcast TEMI timeline may take
   * seconds).
   */
  public static final Rule TS_11 =
      Rule.info(
          "R-TS-11",
          Area.TS,
          "How long each advertised timeline takes to become available (a broadcast TEMI timeline may take seconds).",
          "field reports of TEMI not selectable at first",
          Confidence.QUOTED);

  /**
   * Several simultaneous CSS-TS clients with different selectors each get a correct stream (10 is
   * the reference TV's limit).
   */
  public static final Rule TS_12 =
      Rule.warn(
          "R-TS-12",
          Area.TS,
          "Several simultaneous CSS-TS clients with different selectors each get a correct stream (10 is the reference TV's limit).",
          "pydvbcss TVDevice example",
          Confidence.QUOTED);

  private static final List<Rule> ALL =
      List.of(
          DISC_1, DISC_2, DISC_3, DISC_4, DISC_5, DISC_6, WS_1, WS_2, WS_3, WS_4, WS_5, WS_6, CII_1,
          CII_2, CII_3, CII_4, CII_5, CII_6, CII_7, CII_8, CII_9, CII_10, CII_11, CII_12, CII_13,
          CII_14, CII_15, CII_16, CII_17, CII_18, WC_1, WC_2, WC_3, WC_4, WC_5, WC_6, WC_7, WC_8,
          WC_9, TS_1, TS_2, TS_3, TS_4, TS_5, TS_6, TS_7, TS_8, TS_9, TS_10, TS_11, TS_12);

  /**
   * Every rule, in report order.
   *
   * @return the rules
   */
  public static List<Rule> all() {
    return ALL;
  }

  /**
   * The rule with an id.
   *
   * @param id e.g. {@code R-CII-2}
   * @return the rule
   * @throws NoSuchElementException if there is none
   */
  public static Rule byId(String id) {
    for (Rule r : ALL) {
      if (r.id().equals(id)) {
        return r;
      }
    }
    throw new NoSuchElementException("no rule " + id);
  }
}
