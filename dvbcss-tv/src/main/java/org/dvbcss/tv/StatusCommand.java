package org.dvbcss.tv;

import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A control sent by the TV's page on {@code /status}: the keyboard's controls as JSON, e.g. {@code
 * {"command":"pause"}}, {@code {"command":"seek","seconds":-10}}, {@code
 * {"command":"speed","speed":2}}, {@code {"command":"toggleTimeline","name":"temi"}}.
 *
 * <p>Units: {@code seconds} are seconds of the presentation, relative to now; {@code speed} a
 * multiple of normal speed.
 *
 * <p>Threading: immutable.
 *
 * @param kind which control
 * @param number the seek in seconds or the speed; 0 for the others
 * @param name the timeline's short name or selector for {@link Kind#TOGGLE_TIMELINE}; empty for the
 *     others
 */
record StatusCommand(Kind kind, double number, String name) {
  /** The controls. */
  enum Kind {
    /** Pause. */
    PAUSE("pause"),
    /** Play at speed 1. */
    PLAY("play"),
    /** Pause if moving, otherwise play. */
    TOGGLE_PLAY("togglePlay"),
    /** The next content id. */
    NEXT("next"),
    /** Seek by {@code seconds}. */
    SEEK("seek"),
    /** Play at {@code speed}. */
    SPEED("speed"),
    /** Stop or resume serving a timeline. */
    TOGGLE_TIMELINE("toggleTimeline");

    private final String wire;

    Kind(String wire) {
      this.wire = wire;
    }
  }

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  /** Validates. */
  StatusCommand {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    if (!Double.isFinite(number)) {
      throw new IllegalArgumentException("not a finite number: " + number);
    }
  }

  /**
   * Reads a command.
   *
   * @param text the message the page sent
   * @return the command
   * @throws IllegalArgumentException with a message for the page, if it is not a valid command
   */
  static StatusCommand parse(String text) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(text);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("not JSON");
    }
    if (tree == null || !tree.isObject()) {
      throw new IllegalArgumentException("a command is a JSON object");
    }
    JsonNode command = tree.get("command");
    if (command == null || !command.isString()) {
      throw new IllegalArgumentException("\"command\" must be a string");
    }
    Kind kind = kindOf(command.asString());
    return switch (kind) {
      case SEEK -> new StatusCommand(kind, number(tree, "seconds"), "");
      case SPEED -> new StatusCommand(kind, number(tree, "speed"), "");
      case TOGGLE_TIMELINE -> new StatusCommand(kind, 0, timelineName(tree));
      default -> new StatusCommand(kind, 0, "");
    };
  }

  private static Kind kindOf(String wire) {
    for (Kind k : Kind.values()) {
      if (k.wire.equals(wire)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown command: " + shorten(wire));
  }

  private static double number(JsonNode tree, String field) {
    JsonNode n = tree.get(field);
    if (n == null || !n.isNumber()) {
      throw new IllegalArgumentException("\"" + field + "\" must be a number");
    }
    double d = n.asDouble();
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException("\"" + field + "\" must be finite");
    }
    return d;
  }

  private static String timelineName(JsonNode tree) {
    JsonNode n = tree.get("name");
    if (n == null || !n.isString()) {
      throw new IllegalArgumentException("\"name\" must be a string");
    }
    String name = n.asString();
    try {
      Timeline.named(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("no timeline named " + shorten(name));
    }
    return name;
  }

  /** At most 40 characters of a value, for an error message. */
  private static String shorten(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  /**
   * Does it, as the keyboard would.
   *
   * @param tv the TV
   */
  void apply(Tv tv) {
    switch (kind) {
      case PAUSE -> tv.pause();
      case PLAY -> tv.play();
      case TOGGLE_PLAY -> tv.togglePlay();
      case NEXT -> tv.nextContent();
      case SEEK -> tv.seek(number);
      case SPEED -> tv.setSpeed(number);
      case TOGGLE_TIMELINE -> tv.toggleTimeline(name);
    }
  }
}
