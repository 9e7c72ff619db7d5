package org.dvbcss.net.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.dvbcss.protocol.Decoded;
import org.dvbcss.protocol.Deviation;
import org.dvbcss.protocol.ProtocolException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Reads the text messages of one client: a message that does not decode is counted, logged at debug
 * and reported; one read with deviations has its kinds counted, logged and reported. Thread safe:
 * {@link #read} from the reading thread, the counts from any. Not API.
 */
public final class IncomingText {
  /**
   * Decodes one message.
   *
   * @param <T> what a message decodes to
   */
  @FunctionalInterface
  public interface Decoder<T> {
    /**
     * Decodes one message.
     *
     * @param text the message
     * @return the value and the deviations accepted to read it
     * @throws ProtocolException if the message is not accepted
     */
    Decoded<T> decode(String text);
  }

  private final LongAdder protocolErrors = new LongAdder();
  private final DeviationCounts deviations = new DeviationCounts();
  private final Logger log;
  private final String what;

  /**
   * Creates a reader.
   *
   * @param log where to log at debug
   * @param what names a message in the log, e.g. "CII message"
   */
  public IncomingText(Logger log, String what) {
    this.log = log;
    this.what = what;
  }

  /**
   * Decodes a message, counting and reporting an error or the deviations it was read with.
   *
   * @param text the message
   * @param decoder how to decode it
   * @param onError told why the message was not accepted
   * @param onDeviations told the kinds of deviation accepted, if any
   * @param <T> what it decodes to
   * @return the value, or null if the message was not accepted (already counted and reported)
   */
  public <T> @Nullable T read(
      String text,
      Decoder<T> decoder,
      Consumer<ProtocolException> onError,
      Consumer<Set<Deviation>> onDeviations) {
    Decoded<T> decoded;
    try {
      decoded = decoder.decode(text);
    } catch (ProtocolException e) {
      protocolErrors.increment();
      log.debug("invalid {} ignored: {}", what, e.getMessage());
      onError.accept(e);
      return null;
    }
    if (decoded.deviated()) {
      Set<Deviation> kinds = decoded.deviations();
      deviations.add(kinds);
      log.debug("{} read with deviations {}: {}", what, kinds, text);
      onDeviations.accept(kinds);
    }
    return decoded.value();
  }

  /**
   * Messages not accepted so far.
   *
   * @return a count
   */
  public long protocolErrors() {
    return protocolErrors.sum();
  }

  /**
   * Messages per kind of deviation so far.
   *
   * @return see {@link DeviationCounts#snapshot()}
   */
  public Map<Deviation, Long> deviations() {
    return deviations.snapshot();
  }
}
