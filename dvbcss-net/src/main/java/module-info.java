/**
 * The transports: the Netty WebSocket server and client, CSS-WC on UDP, and the adapters that bind
 * the protocol cores to them.
 *
 * <p>Exports {@code org.dvbcss.net.wc}, {@code org.dvbcss.net.ws}, {@code org.dvbcss.net.dial},
 * {@code org.dvbcss.net.netsim}, {@code org.dvbcss.net.wsclient}, {@code org.dvbcss.net.cii},
 * {@code org.dvbcss.net.ts} and {@code org.dvbcss.net.raw}; the {@code internal} packages are not
 * exported.
 */
module org.dvbcss.net {
  requires transitive org.dvbcss.protocol;
  requires static transitive org.jspecify;
  requires transitive io.netty.handler;
  requires transitive io.netty.transport;
  requires io.netty.buffer;
  requires io.netty.codec;
  requires io.netty.codec.http;
  requires io.netty.common;
  requires io.netty.transport.classes.epoll;
  requires io.netty.transport.classes.io_uring;
  requires org.slf4j;

  exports org.dvbcss.net.cii;
  exports org.dvbcss.net.dial;
  exports org.dvbcss.net.netsim;
  exports org.dvbcss.net.raw;
  exports org.dvbcss.net.ts;
  exports org.dvbcss.net.wc;
  exports org.dvbcss.net.ws;
  exports org.dvbcss.net.wsclient;
}
