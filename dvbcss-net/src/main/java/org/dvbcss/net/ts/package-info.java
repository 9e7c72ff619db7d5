/**
 * CSS-TS over WebSocket: the TV's server with its timeline sources, and the companion's client and
 * clock controller.
 */
@NullMarked
package org.dvbcss.net.ts;

import org.jspecify.annotations.NullMarked;
