package org.dvbcss.net.netsim;

/** The two legs of a proxied path. */
public enum Direction {
  /** From the client (a companion) towards the server (the TV): requests. */
  TO_SERVER("to-server"),
  /** From the server back towards the client: responses and pushed messages. */
  TO_CLIENT("to-client");

  private final String label;

  Direction(String label) {
    this.label = label;
  }

  /**
   * The name of the leg in scripts, options and status lines.
   *
   * @return {@code to-server} or {@code to-client}
   */
  public String label() {
    return label;
  }
}
