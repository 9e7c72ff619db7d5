/**
 * The CSS-TS commands: {@code ts-server} (a TV's TS and WC endpoints with demo timelines), {@code
 * ts-client} (a companion following one timeline, with its error bound) and {@code ts-load} (many
 * TS companions measuring how fast a change reaches them).
 */
@NullMarked
package org.dvbcss.tools.ts;

import org.jspecify.annotations.NullMarked;
