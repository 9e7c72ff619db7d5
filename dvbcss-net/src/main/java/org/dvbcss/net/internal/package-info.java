/** Implementation details shared by the transports. Not API. */
@NullMarked
package org.dvbcss.net.internal;

import org.jspecify.annotations.NullMarked;
