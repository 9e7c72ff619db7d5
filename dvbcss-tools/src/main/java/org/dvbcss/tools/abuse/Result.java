package org.dvbcss.tools.abuse;

/** What happened to one abuser. Immutable. */
enum Result {
  /** It had a WebSocket session. */
  OPENED,
  /** The server refused its handshake with HTTP 503. */
  REFUSED_503,
  /** It never asked for a session (a request left half sent), and the server let it go. */
  NO_SESSION,
  /** Something went wrong on the client's side, or the server kept what it should have closed. */
  FAILED
}
