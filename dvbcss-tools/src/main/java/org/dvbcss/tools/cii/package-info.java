/** The CSS-CII commands: {@code cii-server}, {@code cii-client} and {@code cii-load}. */
@NullMarked
package org.dvbcss.tools.cii;

import org.jspecify.annotations.NullMarked;
