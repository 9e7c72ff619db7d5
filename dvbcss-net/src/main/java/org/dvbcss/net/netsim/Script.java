package org.dvbcss.net.netsim;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Timed changes to the impairments of a path, counted from the proxies' start: an immutable value.
 *
 * <p>At a time {@code t} a leg's impairment is its configured one with every change whose interval
 * {@code [from, until)} holds {@code t} applied, in the script's order. A route change that adds 20
 * ms to the requests from 30 s on is {@code at 30s to-server delay +20ms}; an outage of both legs
 * from 60 s to 90 s is {@code from 60s to 90s outage}.
 *
 * <p>The text form ({@link #parse}) has one change per line; {@code #} starts a comment:
 *
 * <pre>
 * (at T | from T to T) [to-server | to-client | both] SETTING...
 * SETTING: delay [+|-]D | jitter D | loss P | duplicate P | reorder P | bandwidth BYTES_PER_S | outage
 * </pre>
 *
 * where {@code D} is a duration ({@link Durations#parseNanos}: {@code 20ms}, {@code 0.02}) and
 * {@code P} a probability ({@code 1%} or {@code 0.01}); the leg is {@code both} when omitted. The
 * JSON form is an array of objects with the same words as keys: {@code [{"at": "30s", "leg":
 * "to-server", "delay": "+20ms"}, {"from": "60s", "to": "90s", "outage": true}]}.
 *
 * @param changes the changes, in the order they are applied
 */
public record Script(List<Change> changes) {

  /** No changes. */
  public static final Script NONE = new Script(List.of());

  /** Copies the list. */
  public Script {
    changes = List.copyOf(changes);
  }

  /**
   * One timed change.
   *
   * @param fromNanos when it starts, nanoseconds after the start, 0 or more
   * @param untilNanos when it ends (exclusive), nanoseconds after the start; {@link Long#MAX_VALUE}
   *     for never
   * @param legs the legs it changes, not empty
   * @param patch what it does to them
   */
  public record Change(
      long fromNanos, long untilNanos, Set<Direction> legs, LinkImpairment.Patch patch) {
    /** Checks the interval and copies the legs. */
    public Change {
      if (fromNanos < 0 || untilNanos <= fromNanos) {
        throw new IllegalArgumentException(
            "a change needs 0 <= from < until: " + fromNanos + " ns, " + untilNanos + " ns");
      }
      if (legs.isEmpty()) {
        throw new IllegalArgumentException("a change needs at least one leg");
      }
      legs = Set.copyOf(legs);
    }

    /**
     * Whether the change holds at a time.
     *
     * @param elapsedNanos nanoseconds after the start
     * @return true if {@code from <= elapsed < until}
     */
    public boolean activeAt(long elapsedNanos) {
      return elapsedNanos >= fromNanos && elapsedNanos < untilNanos;
    }
  }

  /**
   * A leg's impairment at a time.
   *
   * @param base the configured impairment
   * @param leg the leg
   * @param elapsedNanos nanoseconds after the start
   * @return {@code base} with the changes active then applied
   */
  public LinkImpairment at(LinkImpairment base, Direction leg, long elapsedNanos) {
    LinkImpairment now = base;
    for (Change c : changes) {
      if (c.legs().contains(leg) && c.activeAt(elapsedNanos)) {
        now = now.with(c.patch());
      }
    }
    return now;
  }

  /**
   * The end of the outage a leg is in: the first time from {@code elapsedNanos} on when it is not
   * down, counting the configured outage as never ending.
   *
   * @param base the configured impairment
   * @param leg the leg
   * @param elapsedNanos nanoseconds after the start
   * @return {@code elapsedNanos} if the leg is up then; {@link Long#MAX_VALUE} if it never comes
   *     back up
   */
  public long outageEnd(LinkImpairment base, Direction leg, long elapsedNanos) {
    if (base.outage()) {
      return Long.MAX_VALUE;
    }
    long t = elapsedNanos;
    boolean moved = true;
    while (moved) {
      moved = false;
      for (Change c : changes) {
        if (c.patch().outage() && c.legs().contains(leg) && c.activeAt(t)) {
          t = c.untilNanos();
          moved = true;
          if (t == Long.MAX_VALUE) {
            return t;
          }
        }
      }
    }
    return t;
  }

  /**
   * Reads a script in its text or JSON form (JSON when it starts with {@code [}).
   *
   * @param text the script
   * @return the script
   * @throws IllegalArgumentException naming the line (or array element) and what is wrong
   */
  public static Script parse(String text) {
    String t = text.strip();
    if (t.startsWith("[")) {
      return parseJson(t);
    }
    List<Change> changes = new ArrayList<>();
    String[] lines = text.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int hash = line.indexOf('#');
      if (hash >= 0) {
        line = line.substring(0, hash);
      }
      line = line.strip();
      if (line.isEmpty()) {
        continue;
      }
      try {
        changes.add(parseLine(List.of(line.split("\\s+"))));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("script line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return new Script(changes);
  }

  private static Script parseJson(String text) {
    JsonNode array;
    try {
      array = JsonMapper.shared().readTree(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("script: not JSON: " + e.getMessage(), e);
    }
    List<Change> changes = new ArrayList<>();
    int i = 0;
    for (JsonNode element : array) {
      i++;
      try {
        if (!element.isObject()) {
          throw new IllegalArgumentException("not an object");
        }
        List<String> words = new ArrayList<>();
        JsonNode from = element.get("from");
        JsonNode at = element.get("at");
        if (at != null) {
          words.addAll(List.of("at", at.asString()));
        } else if (from != null) {
          JsonNode to = element.get("to");
          words.addAll(List.of("from", from.asString(), "to", to == null ? "" : to.asString()));
        }
        JsonNode leg = element.get("leg");
        if (leg != null) {
          words.add(leg.asString());
        }
        for (Map.Entry<String, JsonNode> field : element.properties()) {
          String key = field.getKey();
          if (List.of("at", "from", "to", "leg").contains(key)) {
            continue;
          }
          if (key.equals("outage")) {
            if (field.getValue().asBoolean()) {
              words.add("outage");
            }
            continue;
          }
          words.add(key);
          words.add(field.getValue().asString());
        }
        changes.add(parseLine(words));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("script element " + i + ": " + e.getMessage(), e);
      }
    }
    return new Script(changes);
  }

  private static Change parseLine(List<String> words) {
    int i = 0;
    long from;
    long until = Long.MAX_VALUE;
    String first = word(words, i++);
    if (first.equals("at")) {
      from = Durations.parseNanos(word(words, i++));
    } else if (first.equals("from")) {
      from = Durations.parseNanos(word(words, i++));
      if (!word(words, i++).equals("to")) {
        throw new IllegalArgumentException("expected 'from T to T'");
      }
      until = Durations.parseNanos(word(words, i++));
    } else {
      throw new IllegalArgumentException("a change starts with 'at T' or 'from T to T': " + first);
    }
    Set<Direction> legs = EnumSet.allOf(Direction.class);
    if (i < words.size()) {
      String leg = words.get(i).toLowerCase(Locale.ROOT);
      if (leg.equals("both")) {
        i++;
      } else {
        for (Direction d : Direction.values()) {
          if (d.label().equals(leg)) {
            legs = EnumSet.of(d);
            i++;
          }
        }
      }
    }
    @Nullable Long delay = null;
    boolean relative = false;
    @Nullable Long jitter = null;
    @Nullable Double loss = null;
    @Nullable Double duplicate = null;
    @Nullable Double reorder = null;
    @Nullable Long bandwidth = null;
    boolean outage = false;
    if (i == words.size()) {
      throw new IllegalArgumentException("a change needs a setting");
    }
    while (i < words.size()) {
      String setting = words.get(i++).toLowerCase(Locale.ROOT);
      if (setting.equals("outage")) {
        outage = true;
        continue;
      }
      String value = word(words, i++);
      switch (setting) {
        case "delay" -> {
          relative = value.startsWith("+") || value.startsWith("-");
          long magnitude = Durations.parseNanos(relative ? value.substring(1) : value);
          delay = value.startsWith("-") ? -magnitude : magnitude;
        }
        case "jitter" -> jitter = Durations.parseNanos(value);
        case "loss" -> loss = Durations.parseProbability(value);
        case "duplicate" -> duplicate = Durations.parseProbability(value);
        case "reorder" -> reorder = Durations.parseProbability(value);
        case "bandwidth" -> {
          try {
            bandwidth = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bandwidth is bytes per second: " + value);
          }
          if (bandwidth < 0) {
            throw new IllegalArgumentException("bandwidth must be >= 0: " + value);
          }
        }
        default -> throw new IllegalArgumentException("unknown setting: " + setting);
      }
    }
    return new Change(
        from,
        until,
        legs,
        new LinkImpairment.Patch(
            delay, relative, jitter, loss, duplicate, reorder, bandwidth, outage));
  }

  private static String word(List<String> words, int i) {
    if (i >= words.size()) {
      throw new IllegalArgumentException("the line ends too early");
    }
    return words.get(i);
  }
}
