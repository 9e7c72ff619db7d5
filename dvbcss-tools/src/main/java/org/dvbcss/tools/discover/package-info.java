/** The {@code dvbcss discover} command: DIAL discovery of HbbTV terminals. */
@NullMarked
package org.dvbcss.tools.discover;

import org.jspecify.annotations.NullMarked;
