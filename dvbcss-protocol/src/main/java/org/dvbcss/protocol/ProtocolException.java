package org.dvbcss.protocol;

/**
 * A message could not be decoded (or encoded) because it breaks the protocol. Every codec of this
 * module throws this one unchecked exception; its message names the field and the offending value,
 * for example {@code "WC message: version must be 0, was 7"}.
 *
 * <p>Transports catch it at the edge, count it, and drop the datagram or close the connection.
 *
 * <p>Immutable; safe to pass between threads.
 */
public class ProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message.
   *
   * @param message names the field and the offending value
   */
  public ProtocolException(String message) {
    super(message);
  }

  /**
   * An exception with a message and a cause.
   *
   * @param message names the field and the offending value
   * @param cause the underlying failure
   */
  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
