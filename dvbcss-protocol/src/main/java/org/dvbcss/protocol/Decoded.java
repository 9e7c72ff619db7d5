package org.dvbcss.protocol;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A decoded value and the deviations from the spec accepted to read it: empty when the text
 * followed the spec (always, for {@link ReadMode#STRICT}, except {@link
 * Deviation#CII_UNKNOWN_PROPERTY}, which both modes accept and report).
 *
 * <p>Immutable, and thread safe when {@code T} is.
 *
 * @param value the decoded value
 * @param deviations the kinds of deviation accepted, unmodifiable, in {@link Deviation} order
 * @param <T> the type of the value
 */
public record Decoded<T>(T value, Set<Deviation> deviations) {

  /**
   * Checks the fields and copies the set.
   *
   * @throws NullPointerException if a field is null
   */
  public Decoded {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(deviations, "deviations");
    EnumSet<Deviation> copy = EnumSet.noneOf(Deviation.class);
    copy.addAll(deviations);
    deviations = Collections.unmodifiableSet(copy);
  }

  /**
   * A value read without deviations.
   *
   * @param value the value
   * @param <T> the type of the value
   * @return the value with no deviations
   */
  public static <T> Decoded<T> of(T value) {
    return new Decoded<>(value, Set.of());
  }

  /**
   * Whether any deviation was accepted.
   *
   * @return true if {@link #deviations()} is not empty
   */
  public boolean deviated() {
    return !deviations.isEmpty();
  }
}
