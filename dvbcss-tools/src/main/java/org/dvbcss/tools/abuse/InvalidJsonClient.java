package org.dvbcss.tools.abuse;

import java.io.IOException;
import org.dvbcss.net.raw.RawWebSocket;

/** Sends a message that is not JSON and one of the wrong shape, then closes. One run. */
record InvalidJsonClient(Target target) implements SessionAbuser {
  @Override
  public void misbehave(RawWebSocket c, Round round) throws IOException, InterruptedException {
    c.sendText("{not json");
    c.sendText("{\"contentIdStem\": 5, \"timelineSelector\": true, \"earliest\": []}");
    RawClients.closeFromClient(c);
  }
}
