/**
 * The {@code dvbcss abuse} command: bad WebSocket clients against a TV, with good ones watching.
 */
@NullMarked
package org.dvbcss.tools.abuse;

import org.jspecify.annotations.NullMarked;
