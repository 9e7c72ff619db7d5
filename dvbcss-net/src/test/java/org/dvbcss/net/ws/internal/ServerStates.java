package org.dvbcss.net.ws.internal;

import java.util.Map;
import java.util.function.LongSupplier;
import org.dvbcss.net.ws.WebSocketEndpoint;

/** Server states for handler tests: no origin check, no TLS, no misbehaviour. */
final class ServerStates {
  private ServerStates() {}

  /** A state with no inbound frame limit. */
  static ServerState of(
      Map<String, WebSocketEndpoint> endpoints,
      int maxConnections,
      int maxFrameBytes,
      long idleTimeoutNanos,
      long pingIntervalNanos) {
    return of(
        endpoints,
        maxConnections,
        maxFrameBytes,
        idleTimeoutNanos,
        pingIntervalNanos,
        0,
        0,
        System::nanoTime);
  }

  /** A state with an inbound frame limit read on the given clock. */
  static ServerState of(
      Map<String, WebSocketEndpoint> endpoints,
      int maxConnections,
      int maxFrameBytes,
      long idleTimeoutNanos,
      long pingIntervalNanos,
      double inboundFramesPerSecond,
      int inboundFrameBurst,
      LongSupplier nanoTime) {
    return new ServerState(
        endpoints,
        maxConnections,
        maxFrameBytes,
        idleTimeoutNanos,
        pingIntervalNanos,
        inboundFramesPerSecond,
        inboundFrameBurst,
        nanoTime,
        null,
        null,
        false,
        false);
  }
}
