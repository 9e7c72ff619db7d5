package org.dvbcss.net.ws;

/** Why a WebSocket session ended; counted in {@link WebSocketServer.Counters#closed()}. */
public enum CloseCause {
  /** The client sent a close frame first. */
  CLIENT,
  /** The endpoint called {@link WebSocketSession#close}. */
  ENDPOINT,
  /** A frame or message larger than {@code maxFrameBytes}: closed with 1009. */
  TOO_BIG,
  /** A binary frame to an endpoint that does not accept binary: closed with 1003. */
  BINARY,
  /** A text message that is not valid UTF-8: closed with 1007. */
  INVALID_UTF8,
  /** A malformed frame or a fragment out of sequence: closed with 1002. */
  PROTOCOL_ERROR,
  /** No frame (not even a pong) from the client for the idle timeout: closed with 1001. */
  IDLE,
  /**
   * The client sent frames faster than the {@linkplain
   * WebSocketServerConfig.Builder#maxInboundFrameRate inbound frame rate limit}: closed with 1008.
   */
  RATE_LIMITED,
  /** An endpoint callback threw: closed with 1011. */
  ENDPOINT_ERROR,
  /** The server itself failed unexpectedly: closed with 1011. */
  INTERNAL_ERROR,
  /** The server is shutting down: closed with 1001. */
  SHUTDOWN,
  /** The TCP connection ended without a close frame (reported to the endpoint as 1006). */
  CONNECTION_LOST
}
