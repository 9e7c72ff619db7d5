package org.dvbcss.companion.check;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import org.dvbcss.protocol.ts.SetupData;
import org.jspecify.annotations.Nullable;

/**
 * One CSS-TS connection of the checker: the setup data it sent and when, and the control timestamps
 * it received, each judged by a {@link TsAudit}.
 *
 * <p>Threading: used by one thread at a time.
 */
final class TsLink implements AutoCloseable {
  /**
   * A control timestamp received.
   *
   * @param stamp what it said (tolerantly read), or null when it was not a JSON object
   * @param text the message
   * @param atNanos this machine's monotonic clock when it arrived
   */
  record Received(TsMessages.@Nullable Stamp stamp, String text, long atNanos) {
    boolean available() {
      return stamp != null && stamp.available();
    }
  }

  final TextSocket socket;
  final String selector;
  private final TsAudit audit;
  long setupNanos;

  private TsLink(TextSocket socket, String selector, TsAudit audit) {
    this.socket = socket;
    this.selector = selector;
    this.audit = audit;
  }

  /** Opens a connection (no setup sent yet). */
  static TsLink open(HttpClient http, String url, Duration timeout, String selector, TsAudit audit)
      throws TextSocket.Refused {
    return new TsLink(TextSocket.open(http, url, timeout), selector, audit);
  }

  /** Sends the setup data for this link's selector. */
  void setup(String stem) throws IOException {
    send(new SetupData(stem, selector).encode());
  }

  /** Sends a text and records when, as the setup time. */
  void send(String text) throws IOException {
    setupNanos = System.nanoTime();
    socket.send(text, true);
  }

  /** The next message, judged, or null when none came within {@code timeoutNanos}. */
  @Nullable Received next(long timeoutNanos) throws InterruptedException {
    TextSocket.Message m = socket.next(timeoutNanos);
    if (m == null) {
      return null;
    }
    return new Received(audit.see(m.text()).stamp(), m.text(), m.atNanos());
  }

  /** The next message before {@code deadlineNanos} (monotonic clock), or null. */
  @Nullable Received nextBy(long deadlineNanos) throws InterruptedException {
    return next(deadlineNanos - System.nanoTime());
  }

  @Override
  public void close() {
    socket.close();
  }
}
