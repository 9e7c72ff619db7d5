package org.dvbcss.tools.accuracy;

/**
 * What the route between a companion and the TV does to the traffic.
 *
 * <p>Immutable and thread safe.
 */
interface Path {
  /** No impairment: the companion talks to the TV directly. */
  Path DIRECT =
      new Path() {
        @Override
        public Path scaled(double factor) {
          return this;
        }

        @Override
        public String toString() {
          return "direct";
        }
      };

  /**
   * The same path with its scripted times multiplied by {@code factor}.
   *
   * @param factor the scale, positive
   * @return the path
   */
  Path scaled(double factor);
}
