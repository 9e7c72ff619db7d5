package org.dvbcss.protocol;

import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A property of a JSON message in one of three states: <b>absent</b> (the key is not in the
 * object), <b>null</b> (the key is there with the JSON value {@code null}) or a <b>value</b>.
 *
 * <p>CSS-CII and CSS-TS give absent and null different meanings: in CII an absent property keeps
 * its previous value while {@code null} is a value of its own ("there is none"). Java's {@code
 * null} is never used for either: a {@code Presence} reference is never null, and {@link #value()}
 * is never null.
 *
 * <pre>{@code
 * Presence<String> a = Presence.absent();     // key not sent
 * Presence<String> n = Presence.nullValue();  // "key": null
 * Presence<String> v = Presence.of("dvb://"); // "key": "dvb://"
 * }</pre>
 *
 * <p>Two instances are equal when they are in the same state and, for values, their values are
 * equal. Immutable, and thread safe when {@code T} is.
 *
 * @param <T> the type of the value
 */
public final class Presence<T> {

  private static final Presence<?> ABSENT = new Presence<>(null, false);
  private static final Presence<?> NULL = new Presence<>(null, true);

  private final @Nullable T value;
  private final boolean present;

  private Presence(@Nullable T value, boolean present) {
    this.value = value;
    this.present = present;
  }

  /**
   * The absent state: the property is not in the message.
   *
   * @param <T> the type of the value
   * @return the shared absent instance
   */
  @SuppressWarnings("unchecked")
  public static <T> Presence<T> absent() {
    return (Presence<T>) ABSENT;
  }

  /**
   * The null state: the property is in the message with the JSON value {@code null}.
   *
   * @param <T> the type of the value
   * @return the shared null instance
   */
  @SuppressWarnings("unchecked")
  public static <T> Presence<T> nullValue() {
    return (Presence<T>) NULL;
  }

  /**
   * A value.
   *
   * @param value the value, not null
   * @param <T> the type of the value
   * @return a present, non-null property
   * @throws NullPointerException if {@code value} is null (use {@link #nullValue()} or {@link
   *     #ofNullable(Object)})
   */
  public static <T> Presence<T> of(T value) {
    return new Presence<>(Objects.requireNonNull(value, "value"), true);
  }

  /**
   * A value, or the null state when {@code value} is Java null. Never gives the absent state.
   *
   * @param value the value or null
   * @param <T> the type of the value
   * @return {@link #of(Object)} or {@link #nullValue()}
   */
  public static <T> Presence<T> ofNullable(@Nullable T value) {
    return value == null ? nullValue() : of(value);
  }

  /**
   * Whether the property is absent from the message.
   *
   * @return true in the absent state
   */
  public boolean isAbsent() {
    return !present;
  }

  /**
   * Whether the property is in the message, as null or a value.
   *
   * @return true unless absent
   */
  public boolean isPresent() {
    return present;
  }

  /**
   * Whether the property is in the message with the value {@code null}.
   *
   * @return true in the null state
   */
  public boolean isNull() {
    return present && value == null;
  }

  /**
   * Whether the property has a (non-null) value.
   *
   * @return true in the value state
   */
  public boolean hasValue() {
    return value != null;
  }

  /**
   * The value.
   *
   * @return the value, never null
   * @throws NoSuchElementException if absent or null
   */
  public T value() {
    if (value == null) {
      throw new NoSuchElementException("no value: " + this);
    }
    return value;
  }

  /**
   * The value, or Java null when absent or null.
   *
   * @return the value or null
   */
  public @Nullable T orNull() {
    return value;
  }

  /**
   * The value, or another when absent or null.
   *
   * @param other the fallback
   * @return the value or {@code other}
   */
  public T orElse(T other) {
    return value != null ? value : other;
  }

  /**
   * This property if present (null or a value), else {@code fallback}: how a partial update keeps
   * an omitted property's previous state.
   *
   * @param fallback the state to use when this one is absent
   * @return this, or {@code fallback} when absent
   */
  public Presence<T> orIfAbsent(Presence<T> fallback) {
    return present ? this : fallback;
  }

  /**
   * Maps a value; absent and null stay as they are.
   *
   * @param f the function, which must not return null
   * @param <U> the type of the result
   * @return the mapped property
   */
  public <U> Presence<U> map(Function<? super T, ? extends U> f) {
    if (value == null) {
      return present ? nullValue() : absent();
    }
    return of(f.apply(value));
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Presence<?> p && present == p.present && Objects.equals(value, p.value);
  }

  @Override
  public int hashCode() {
    return present ? (value == null ? 1 : 31 + value.hashCode()) : 0;
  }

  /**
   * A form for logs and test failures.
   *
   * @return {@code "absent"}, {@code "null"} or {@code "Presence[<value>]"}
   */
  @Override
  public String toString() {
    return present ? (value == null ? "null" : "Presence[" + value + "]") : "absent";
  }
}
