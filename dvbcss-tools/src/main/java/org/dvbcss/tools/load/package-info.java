/** What the WebSocket load tools ({@code cii-load}, {@code ts-load}) share. */
@NullMarked
package org.dvbcss.tools.load;

import org.jspecify.annotations.NullMarked;
