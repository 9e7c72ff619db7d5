package org.dvbcss.protocol.companion;

import java.net.URI;
import java.util.Objects;

/**
 * What a companion's CSS-TS connection follows: the endpoint, and the setup it sends there.
 *
 * <p>Immutable and thread safe.
 *
 * @param tsUrl the TV's CSS-TS URL, {@code ws://} or {@code wss://}
 * @param contentIdStem the content id stem sent in the setup ("" matches any content)
 * @param timelineSelector the timeline selector sent in the setup
 * @param tickRate the timeline's rate, ticks per second, positive and finite
 */
public record TsTarget(URI tsUrl, String contentIdStem, String timelineSelector, double tickRate) {

  /**
   * Validates the target.
   *
   * @throws IllegalArgumentException naming the value if the URL is not {@code ws://} or {@code
   *     wss://}, or the tick rate is not positive and finite
   */
  public TsTarget {
    Objects.requireNonNull(tsUrl, "tsUrl");
    Objects.requireNonNull(contentIdStem, "contentIdStem");
    Objects.requireNonNull(timelineSelector, "timelineSelector");
    if (!"ws".equals(tsUrl.getScheme()) && !"wss".equals(tsUrl.getScheme())) {
      throw new IllegalArgumentException("TsTarget: tsUrl must be ws:// or wss://, was " + tsUrl);
    }
    if (!(tickRate > 0) || Double.isInfinite(tickRate)) {
      throw new IllegalArgumentException(
          "TsTarget: tickRate must be positive and finite, was " + tickRate);
    }
  }
}
