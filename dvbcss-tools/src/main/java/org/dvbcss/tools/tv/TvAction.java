package org.dvbcss.tools.tv;

import java.util.Locale;
import org.dvbcss.tv.Timeline;
import org.dvbcss.tv.Tv;

/**
 * One control of the simulated TV, in the syntax typed at the keyboard and written in scripts:
 *
 * <pre>
 * p          pause if playing, else play     pause / play   exactly that
 * +N / -N    seek N seconds forward / back   s X            set speed X (0 pauses)
 * n          next content                    t NAME         toggle timeline pts|temi|dash
 * h          help                            q              quit
 * </pre>
 *
 * <p>Immutable and thread safe.
 *
 * @param kind what to do
 * @param number the seconds of a seek or the speed; 0 otherwise
 * @param timeline the timeline to toggle; PTS otherwise
 */
record TvAction(TvAction.Kind kind, double number, Timeline timeline) {
  /** The kinds of action. */
  enum Kind {
    TOGGLE_PLAY,
    PAUSE,
    PLAY,
    SEEK,
    SPEED,
    NEXT,
    TOGGLE_TIMELINE,
    HELP,
    QUIT
  }

  /** The help text: one control per line. */
  static final String HELP =
      String.join(
          System.lineSeparator(),
          "p        pause / play (also: pause, play)",
          "+N, -N   seek N seconds forward / back",
          "s X      set speed X (0 pauses, 1 normal)",
          "n        next content",
          "t NAME   toggle a timeline's availability: pts, temi or dash",
          "h        this help",
          "q        quit");

  /**
   * Parses one action.
   *
   * @param text e.g. {@code p}, {@code +10}, {@code s 2}, {@code t temi}
   * @return the action
   * @throws IllegalArgumentException saying what is wrong
   */
  static TvAction parse(String text) {
    String s = text.trim();
    String lower = s.toLowerCase(Locale.ROOT);
    switch (lower) {
      case "p":
        return of(Kind.TOGGLE_PLAY);
      case "pause":
        return of(Kind.PAUSE);
      case "play":
        return of(Kind.PLAY);
      case "n", "next":
        return of(Kind.NEXT);
      case "h", "help", "?":
        return of(Kind.HELP);
      case "q", "quit":
        return of(Kind.QUIT);
      default:
        break;
    }
    if (s.startsWith("+") || s.startsWith("-")) {
      return new TvAction(Kind.SEEK, number(s, "seek"), Timeline.PTS);
    }
    if (lower.startsWith("s ")) {
      return new TvAction(Kind.SPEED, number(s.substring(2).trim(), "speed"), Timeline.PTS);
    }
    if (lower.startsWith("t ")) {
      return new TvAction(Kind.TOGGLE_TIMELINE, 0, Timeline.named(s.substring(2).trim()));
    }
    throw new IllegalArgumentException("unknown action '" + s + "' (h for help)");
  }

  private static TvAction of(Kind kind) {
    return new TvAction(kind, 0, Timeline.PTS);
  }

  private static double number(String s, String what) {
    try {
      double d = Double.parseDouble(s);
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(what + ": not a number: '" + s + "'");
  }

  /**
   * Does it to a TV (except {@link Kind#HELP} and {@link Kind#QUIT}, which the caller handles).
   *
   * @param tv the TV
   * @return what happened, e.g. {@code paused at 12.345 s}
   */
  String applyTo(Tv tv) {
    return switch (kind) {
      case TOGGLE_PLAY -> (tv.togglePlay() ? "playing" : "paused") + at(tv);
      case PAUSE -> {
        tv.pause();
        yield "paused" + at(tv);
      }
      case PLAY -> {
        tv.play();
        yield "playing" + at(tv);
      }
      case SEEK -> {
        tv.seek(number);
        yield String.format(Locale.ROOT, "seeked %+.3f s, now", number) + at(tv);
      }
      case SPEED -> {
        tv.setSpeed(number);
        yield "speed " + number + at(tv);
      }
      case NEXT -> "next content " + tv.nextContent();
      case TOGGLE_TIMELINE ->
          "timeline "
              + timeline.shortName()
              + " ("
              + timeline.selector()
              + ") "
              + (tv.toggleTimeline(timeline.selector()) ? "available" : "unavailable");
      case HELP -> HELP;
      case QUIT -> "quit";
    };
  }

  private static String at(Tv tv) {
    return String.format(Locale.ROOT, " at %.3f s", tv.status().positionSeconds());
  }
}
