/**
 * The TV role: a simulated HbbTV 2 TV serving CSS-CII and CSS-TS on one WebSocket server and CSS-WC
 * on UDP, all on one wall clock. {@link org.dvbcss.tv.Tv} starts and controls one; {@link
 * org.dvbcss.tv.DemoContent} names what it presents; {@link org.dvbcss.tv.Faults} (a set of {@link
 * org.dvbcss.tv.Fault}s) makes it misbehave like some real TVs, to test companions against them.
 */
@NullMarked
package org.dvbcss.tv;

import org.jspecify.annotations.NullMarked;
