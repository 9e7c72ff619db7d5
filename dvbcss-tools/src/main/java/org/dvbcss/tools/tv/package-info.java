/**
 * The {@code tv} command: a simulated HbbTV 2 TV serving CSS-CII, CSS-TS and CSS-WC on one wall
 * clock ({@link org.dvbcss.tv.Tv}), controlled from the keyboard, a script or a demo cycle ({@link
 * org.dvbcss.tools.tv.TvCommand}).
 */
@NullMarked
package org.dvbcss.tools.tv;

import org.jspecify.annotations.NullMarked;
