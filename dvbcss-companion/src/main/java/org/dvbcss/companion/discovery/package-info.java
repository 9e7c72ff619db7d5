/**
 * DIAL discovery of HbbTV terminals: {@link org.dvbcss.companion.discovery.Discovery} sends SSDP
 * searches, fetches each answering device's description and HbbTV application resource, and returns
 * {@link org.dvbcss.companion.discovery.DiscoveredTv}s with their CSS-CII URL and what every HTTP
 * step observed ({@link org.dvbcss.companion.discovery.DialStep}).
 *
 * <p>Durations are {@link java.time.Duration}s in configuration and {@code long} nanoseconds in
 * observations. Configurations and results are immutable; {@code Discovery.discover} blocks the
 * calling thread and may be called from several threads at once.
 */
@NullMarked
package org.dvbcss.companion.discovery;

import org.jspecify.annotations.NullMarked;
