package org.dvbcss.tools.abuse;

import java.util.concurrent.CountDownLatch;

/**
 * The latches one round's clients share. Thread safe.
 *
 * @param over counted down when the round is over: the clients that hold their connection let go
 * @param abusersIn counted down by each abuser once its connection is in (or refused, or failed),
 *     so that the connection flood starts after them and its 503s fall on the flood alone
 * @param floodIn counted down by each client of the connection flood once it is in (or refused):
 *     the round ends only after that, so that the flood always meets the limit
 */
record Round(CountDownLatch over, CountDownLatch abusersIn, CountDownLatch floodIn) {
  /**
   * A round not yet over.
   *
   * @param abusers how many abusers it has
   * @param flood how many clients its connection flood has
   */
  Round(int abusers, int flood) {
    this(new CountDownLatch(1), new CountDownLatch(abusers), new CountDownLatch(flood));
  }
}
