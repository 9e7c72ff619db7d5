package org.dvbcss.tv;

import java.util.function.UnaryOperator;
import org.dvbcss.net.wc.WallClockServerConfig;
import org.dvbcss.protocol.wc.WcMessage;

/**
 * The CSS-WC faults ({@link Fault#WC_PRECISION_UNSET}, {@link Fault#WC_WRONG_ORIGINATE}, {@link
 * Fault#WC_DIES_ON_MALFORMED}, {@link Fault#WC_FOLLOW_UP_MISSING}) as the hooks of the TV's wall
 * clock server's configuration. Without any of them the configuration is returned unchanged, so the
 * server sends exactly what it would without faults.
 *
 * <p>Stateless; thread safe. The rewrites it makes are stateless and thread safe too.
 */
final class FaultyWallClock {
  private FaultyWallClock() {}

  /**
   * The wall clock server's configuration with the hooks the faults ask for.
   *
   * @param faults the TV's faults
   * @param config the configuration without faults
   * @return {@code config} itself when no CSS-WC fault is among {@code faults}, else a copy with
   *     the hooks on
   */
  static WallClockServerConfig apply(Faults faults, WallClockServerConfig config) {
    boolean precision = faults.has(Fault.WC_PRECISION_UNSET);
    boolean originate = faults.has(Fault.WC_WRONG_ORIGINATE);
    boolean dies = faults.has(Fault.WC_DIES_ON_MALFORMED);
    boolean noFollowUp = faults.has(Fault.WC_FOLLOW_UP_MISSING);
    if (!precision && !originate && !dies && !noFollowUp) {
      return config;
    }
    WallClockServerConfig.Builder b = config.toBuilder();
    if (precision || originate) {
      b.outgoing(rewrite(precision, originate, config.outgoing()));
    }
    if (dies) {
      b.stopAfterMalformed(true);
    }
    if (noFollowUp) {
      b.followUp(true).withholdFollowUps(true);
    }
    return b.build();
  }

  /**
   * The rewrite of each outgoing message: the configuration's own first, then precision 0 and the
   * truncated originate value as asked.
   */
  private static UnaryOperator<WcMessage> rewrite(
      boolean precision, boolean originate, UnaryOperator<WcMessage> first) {
    return m -> {
      WcMessage r = first.apply(m);
      if (precision) {
        r = withPrecisionUnset(r);
      }
      if (originate) {
        r = withOriginateInMicroseconds(r);
      }
      return r;
    };
  }

  /**
   * The message with precision 0 (2<sup>0</sup> = 1 s), every other field kept.
   *
   * @param m a response
   * @return the rewritten response
   */
  static WcMessage withPrecisionUnset(WcMessage m) {
    return new WcMessage(
        m.type(),
        0,
        m.maxFreqError(),
        m.originateNanos(),
        m.receiveNanos(),
        m.transmitNanos(),
        m.originateWire());
  }

  /**
   * The message with its originate value's nanoseconds field truncated to whole microseconds (a
   * multiple of 1000), the seconds field and every other field kept. A nanoseconds field that is
   * not below 10<sup>9</sup> is truncated all the same.
   *
   * @param m a response
   * @return the rewritten response
   */
  static WcMessage withOriginateInMicroseconds(WcMessage m) {
    long wire = m.originateWire();
    long nanosField = wire & 0xFFFF_FFFFL;
    long dropped = nanosField % 1000;
    long truncated = wire - dropped; // the seconds field is untouched
    return new WcMessage(
        m.type(),
        m.precision(),
        m.maxFreqError(),
        m.originateNanos() - dropped,
        m.receiveNanos(),
        m.transmitNanos(),
        truncated);
  }
}
