/** The CSS-WC commands: {@code wc-server}, {@code wc-client} and {@code wc-load}. */
@NullMarked
package org.dvbcss.tools.wc;

import org.jspecify.annotations.NullMarked;
