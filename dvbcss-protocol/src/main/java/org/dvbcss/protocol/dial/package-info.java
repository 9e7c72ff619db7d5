/**
 * DIAL discovery of HbbTV terminals, without sockets: the SSDP search and its answer, the UPnP
 * device description, and the HbbTV DIAL application resource that carries the CSS-CII URL.
 *
 * <ul>
 *   <li>{@link org.dvbcss.protocol.dial.SsdpSearch}: the M-SEARCH datagram a companion multicasts
 *       (or sends unicast) and its parsing on the TV side.
 *   <li>{@link org.dvbcss.protocol.dial.SsdpResponse}: the unicast {@code HTTP/1.1 200 OK} answer
 *       with its {@code LOCATION}; parsing is tolerant (UPnP DA 1.0 and 1.1, any header case, LF
 *       line ends).
 *   <li>{@link org.dvbcss.protocol.dial.DeviceDescription}: the XML found at {@code LOCATION}.
 *   <li>{@link org.dvbcss.protocol.dial.HbbTvApplication}: the XML found at {@code
 *       <Application-URL>/HbbTV}, whose {@code X_HbbTV_InterDevSyncURL} is the CSS-CII URL.
 *   <li>{@link org.dvbcss.protocol.dial.DialUrls}: the application resource's URL.
 * </ul>
 *
 * <p>XML is read with the JDK's {@code javax.xml}, namespace-aware, with document type declarations
 * refused and external entities disabled. Every parser throws {@link
 * org.dvbcss.protocol.ProtocolException} for input it cannot read, and no other exception.
 *
 * <p><b>Threading.</b> Every type here is an immutable value or a stateless utility, safe to share
 * between threads.
 */
@NullMarked
package org.dvbcss.protocol.dial;

import org.jspecify.annotations.NullMarked;
