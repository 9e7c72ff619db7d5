/**
 * CSS-CII over WebSocket: {@link org.dvbcss.net.cii.CiiServer} is the TV's endpoint (mounted at
 * {@code /cii} on a {@link org.dvbcss.net.ws.WebSocketServer}); {@link
 * org.dvbcss.net.cii.CiiClient} is a companion's mirror of the TV's state.
 */
@NullMarked
package org.dvbcss.net.cii;

import org.jspecify.annotations.NullMarked;
