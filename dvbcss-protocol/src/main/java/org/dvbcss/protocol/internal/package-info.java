/**
 * Implementation details of the protocol codecs; not API, may change at any time.
 *
 * <p>Stateless helpers; thread safe.
 */
@NullMarked
package org.dvbcss.protocol.internal;

import org.jspecify.annotations.NullMarked;
