/** Implementation of {@link org.dvbcss.net.wsclient.WebSocketClient}; not API. */
@NullMarked
package org.dvbcss.net.wsclient.internal;

import org.jspecify.annotations.NullMarked;
