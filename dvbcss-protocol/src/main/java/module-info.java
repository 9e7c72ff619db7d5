/**
 * The DVB-CSS wire messages and codecs (CSS-WC, CSS-CII, CSS-TS) and the socket-free protocol
 * cores.
 *
 * <p>Exports {@code org.dvbcss.protocol}, {@code org.dvbcss.protocol.wc}, {@code
 * org.dvbcss.protocol.cii}, {@code org.dvbcss.protocol.ts}, {@code org.dvbcss.protocol.dial} (DIAL
 * discovery) and {@code org.dvbcss.protocol.companion}; {@code org.dvbcss.protocol.internal} is not
 * exported.
 */
module org.dvbcss.protocol {
  requires transitive org.dvbcss.core;
  requires static transitive org.jspecify;
  requires transitive tools.jackson.databind;
  requires tools.jackson.core;
  requires java.xml;
  requires org.slf4j;

  exports org.dvbcss.protocol;
  exports org.dvbcss.protocol.cii;
  exports org.dvbcss.protocol.dial;
  exports org.dvbcss.protocol.companion;
  exports org.dvbcss.protocol.ts;
  exports org.dvbcss.protocol.wc;
}
