package org.dvbcss.tv;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The faults a simulated TV reproduces: a set of {@link Fault}s, possibly empty ({@link #NONE}: a
 * TV that keeps to the specification, the default).
 *
 * <p>Immutable and thread safe.
 *
 * @param set the faults; iterates in {@link Fault} declaration order
 */
public record Faults(Set<Fault> set) {
  /** No fault: the TV keeps to the specification. */
  public static final Faults NONE = new Faults(Set.of());

  /**
   * Copies the set.
   *
   * @throws NullPointerException if the set or an element is null
   */
  public Faults {
    EnumSet<Fault> copy = EnumSet.noneOf(Fault.class);
    for (Fault f : set) {
      copy.add(Objects.requireNonNull(f, "fault"));
    }
    set = Collections.unmodifiableSet(copy);
  }

  /**
   * The given faults.
   *
   * @param faults the faults (repeats are harmless)
   * @return the set
   */
  public static Faults of(Fault... faults) {
    EnumSet<Fault> set = EnumSet.noneOf(Fault.class);
    Collections.addAll(set, faults);
    return new Faults(set);
  }

  /**
   * The faults with these names ({@link Fault#named}).
   *
   * @param names short names such as {@code slow-timestamps}
   * @return the set
   * @throws IllegalArgumentException naming every valid name if a name is unknown
   */
  public static Faults named(Collection<String> names) {
    EnumSet<Fault> set = EnumSet.noneOf(Fault.class);
    for (String name : names) {
      set.add(Fault.named(name));
    }
    return new Faults(set);
  }

  /**
   * Whether a fault is in the set.
   *
   * @param fault the fault
   * @return true if the TV reproduces it
   */
  public boolean has(Fault fault) {
    return set.contains(fault);
  }

  /**
   * Whether the set is empty.
   *
   * @return true for a TV that keeps to the specification
   */
  public boolean isEmpty() {
    return set.isEmpty();
  }

  /**
   * The short names, in {@link Fault} declaration order.
   *
   * @return e.g. {@code [integers-as-numbers, slow-timestamps]}
   */
  public List<String> names() {
    List<String> names = new ArrayList<>(set.size());
    for (Fault f : set) {
      names.add(f.shortName());
    }
    return List.copyOf(names);
  }

  /**
   * The short names separated by commas, or {@code none}.
   *
   * @return e.g. {@code integers-as-numbers, slow-timestamps}
   */
  @Override
  public String toString() {
    return set.isEmpty() ? "none" : String.join(", ", names());
  }
}
