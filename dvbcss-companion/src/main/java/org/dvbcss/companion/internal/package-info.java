/** Implementation details of the companion role; not API: they may change or go without notice. */
@NullMarked
package org.dvbcss.companion.internal;

import org.jspecify.annotations.NullMarked;
