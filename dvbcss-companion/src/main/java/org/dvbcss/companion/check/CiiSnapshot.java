package org.dvbcss.companion.check;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.TimelineOption;

/**
 * What the TV's first CII message said, as the other checks need it: the text as received, when it
 * came, and the state read from it (tolerantly, so that a deviant TV can still be checked further).
 *
 * @param firstText the first message's text, exactly as received
 * @param firstMessageNanos nanoseconds from the connection opening to the first message
 * @param cii the CII state after the first message
 *     <p>Immutable; thread safe.
 */
record CiiSnapshot(String firstText, long firstMessageNanos, Cii cii) {
  CiiSnapshot {
    Objects.requireNonNull(firstText, "firstText");
    Objects.requireNonNull(cii, "cii");
  }

  Optional<String> contentId() {
    return value(cii.contentId());
  }

  Optional<String> wcUrl() {
    return value(cii.wcUrl());
  }

  Optional<String> tsUrl() {
    return value(cii.tsUrl());
  }

  List<TimelineOption> timelines() {
    return value(cii.timelines()).orElse(List.of());
  }

  private static <T> Optional<T> value(Presence<T> p) {
    return p.hasValue() ? Optional.of(p.value()) : Optional.empty();
  }
}
