package org.dvbcss.companion.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A measurement taken over the run, for a report to draw: points of (seconds since the check
 * started, value in {@link #unit()}).
 *
 * <p>Threading: {@link #add} may be called from any thread; {@link #points()} returns a snapshot.
 */
public final class Series {
  /**
   * One point.
   *
   * @param atSeconds seconds since the check started
   * @param value the value, in the series' unit
   */
  public record Point(double atSeconds, double value) {}

  private final String name;
  private final String unit;
  private final String ruleId;
  private final List<Point> points = new ArrayList<>();

  /**
   * An empty series.
   *
   * @param name what is measured, e.g. {@code CSS-WC round trip time}
   * @param unit the unit of the values, e.g. {@code ms}
   * @param ruleId the rule the series is evidence for, e.g. {@code R-WC-9}
   */
  public Series(String name, String unit, String ruleId) {
    this.name = Objects.requireNonNull(name, "name");
    this.unit = Objects.requireNonNull(unit, "unit");
    this.ruleId = Objects.requireNonNull(ruleId, "ruleId");
  }

  /**
   * Adds a point.
   *
   * @param atSeconds seconds since the check started
   * @param value the value in {@link #unit()}
   */
  public synchronized void add(double atSeconds, double value) {
    points.add(new Point(atSeconds, value));
  }

  /**
   * What is measured.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The unit of the values.
   *
   * @return e.g. {@code ms}
   */
  public String unit() {
    return unit;
  }

  /**
   * The rule this series is evidence for.
   *
   * @return e.g. {@code R-WC-9}
   */
  public String ruleId() {
    return ruleId;
  }

  /**
   * The points so far, in the order added.
   *
   * @return a snapshot
   */
  public synchronized List<Point> points() {
    return List.copyOf(points);
  }
}
