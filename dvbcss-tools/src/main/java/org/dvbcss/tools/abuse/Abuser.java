package org.dvbcss.tools.abuse;

import java.io.IOException;

/** One bad client of a round. Each instance runs once, on one thread. */
interface Abuser {
  /**
   * Connects and misbehaves, until the server deals with it or the round is over.
   *
   * @param round the round's latches; an abuser counts down {@link Round#abusersIn()} once its
   *     connection is in or refused
   * @return what happened
   * @throws IOException if the connection failed in a way the abuser did not expect
   * @throws InterruptedException if interrupted while waiting for the round to end
   */
  Result abuse(Round round) throws IOException, InterruptedException;
}
