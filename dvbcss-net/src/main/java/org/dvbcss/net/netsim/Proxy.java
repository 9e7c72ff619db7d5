package org.dvbcss.net.netsim;

import java.net.InetSocketAddress;

/**
 * One running proxy of a simulated network: where it listens, where it forwards, and what each leg
 * did. Thread safe.
 */
public interface Proxy extends AutoCloseable {
  /** What a proxy carries. */
  enum Protocol {
    /** Datagrams: CSS-WC. */
    UDP,
    /** A byte stream: the WebSocket protocols and pages. */
    TCP
  }

  /**
   * What it carries.
   *
   * @return UDP or TCP
   */
  Protocol protocol();

  /**
   * Where clients connect or send: the bound address (its port is the real one when 0 was asked).
   *
   * @return the listening address
   */
  InetSocketAddress localAddress();

  /**
   * Where it forwards.
   *
   * @return the target (server) address
   */
  InetSocketAddress target();

  /**
   * What a leg has done.
   *
   * @param leg the leg
   * @return a snapshot of its counters
   */
  LinkCounters counters(Direction leg);

  /** Stops listening, closes every socket and stops its threads; pending releases are dropped. */
  @Override
  void close();
}
