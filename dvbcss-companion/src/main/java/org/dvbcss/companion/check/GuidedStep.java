package org.dvbcss.companion.check;

/**
 * Something the checker asks a person to do to the TV, so that it can see how the TV reports a
 * change ({@link Guide}).
 *
 * <p>Immutable constants; thread safe.
 */
public enum GuidedStep {
  /** Pause the programme: CSS-TS should send a control timestamp with speed 0 at once. */
  PAUSE("pause the programme now"),
  /** Play the programme again: CSS-TS should send a control timestamp with speed 1 at once. */
  PLAY("play the programme again now"),
  /**
   * Change the channel or the content: CII should announce the change, and CSS-TS should tell the
   * old content's companions that its timeline is unavailable.
   */
  CHANGE_CONTENT("change the channel (or the content) now"),
  /**
   * Switch inter-device synchronisation off, or switch the TV off: connections should close with a
   * close frame. The checker asks for this last.
   */
  STOP_SYNC("switch inter-device sync off (or stop the TV) now");

  private final String instruction;

  GuidedStep(String instruction) {
    this.instruction = instruction;
  }

  /**
   * What to tell the person.
   *
   * @return e.g. {@code pause the programme now}
   */
  public String instruction() {
    return instruction;
  }
}
