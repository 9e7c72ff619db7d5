/**
 * The TV side of DIAL discovery on UDP: {@link org.dvbcss.net.dial.SsdpResponder} answers SSDP
 * searches for DIAL servers with the URL of the device description. The HTTP part (device
 * description, application resource) is served as {@linkplain org.dvbcss.net.ws.HttpResource plain
 * HTTP resources} of a {@link org.dvbcss.net.ws.WebSocketServer}.
 *
 * <p><b>Threading.</b> Configurations are immutable; a responder runs its own receiving thread and
 * its methods may be called from any thread.
 */
@NullMarked
package org.dvbcss.net.dial;

import org.jspecify.annotations.NullMarked;
