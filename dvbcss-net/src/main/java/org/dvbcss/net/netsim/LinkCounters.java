package org.dvbcss.net.netsim;

/**
 * What one leg did, counted from the start: a snapshot.
 *
 * @param forwarded datagrams or chunks passed on (a duplicate's second copy not counted)
 * @param dropped datagrams lost (independent loss, a burst, or an outage)
 * @param duplicated datagrams sent twice
 * @param reordered datagrams held back so later ones could overtake them
 * @param delayed datagrams or chunks released later than they arrived
 * @param retransmitted TCP chunks "lost" and so given the retransmission delay
 * @param bytes bytes passed on (a duplicate's second copy not counted)
 */
public record LinkCounters(
    long forwarded,
    long dropped,
    long duplicated,
    long reordered,
    long delayed,
    long retransmitted,
    long bytes) {

  /** Nothing counted. */
  public static final LinkCounters ZERO = new LinkCounters(0, 0, 0, 0, 0, 0, 0);

  /**
   * The sum of two snapshots (for totals over several proxies).
   *
   * @param other another snapshot
   * @return the field-by-field sum
   */
  public LinkCounters plus(LinkCounters other) {
    return new LinkCounters(
        forwarded + other.forwarded,
        dropped + other.dropped,
        duplicated + other.duplicated,
        reordered + other.reordered,
        delayed + other.delayed,
        retransmitted + other.retransmitted,
        bytes + other.bytes);
  }
}
