package org.dvbcss.tv;

import java.util.List;

/**
 * What the demo TV ({@link Tv}) presents, and the command-line demo servers with it: content ids
 * and timeline selectors, shared so that every demo presents the same programme.
 *
 * <p>Immutable constants; thread safe.
 */
public final class DemoContent {
  /** The first of {@link #CONTENT_IDS}, as a constant expression (for annotations). */
  public static final String FIRST_CONTENT_ID =
      "dvb://233a.1004.1044;363a~20130218T0915Z--PT00H45M";

  /** The content ids of the demo cycle (DVB URLs of three broadcast events), as pydvbcss's. */
  public static final List<String> CONTENT_IDS =
      List.of(
          FIRST_CONTENT_ID,
          "dvb://233a.1168.122a;1aa4~20130218T0910Z--PT00H30M",
          "dvb://233a.1050.1008;9fd~20130218T0920Z--PT00H50M");

  /** The PTS timeline selector (90 kHz). */
  public static final String PTS = "urn:dvb:css:timeline:pts";

  /** The TEMI timeline selector for component tag 1, timeline id 1 (served at 1 kHz here). */
  public static final String TEMI = "urn:dvb:css:timeline:temi:1:1";

  /** The DASH period-relative timeline selector at 1000 units per second (1 kHz). */
  public static final String DASH = "urn:dvb:css:timeline:mpd:period:rel:1000";

  private DemoContent() {}
}
