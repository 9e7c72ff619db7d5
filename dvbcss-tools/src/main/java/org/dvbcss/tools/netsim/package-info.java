/** The {@code netsim} command: a network impairment proxy in front of a TV or a test server. */
@NullMarked
package org.dvbcss.tools.netsim;

import org.jspecify.annotations.NullMarked;
