/** The CSS-TS commands: {@code ts-client}. */
@NullMarked
package org.dvbcss.tools.ts;

import org.jspecify.annotations.NullMarked;
