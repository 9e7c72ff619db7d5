package org.dvbcss.tools.abuse;

import java.io.IOException;
import org.dvbcss.net.raw.RawWebSocket;

/** Sends a message that is not JSON and one of the wrong shape, then closes. One run. */
record InvalidJsonClient(Target target) implements Abuser {
  @Override
  public Result abuse(Round round) throws IOException {
    RawWebSocket c = RawClients.open(target, 0, round.abusersIn());
    if (c == null) {
      return Result.REFUSED_503;
    }
    c.sendText("{not json");
    c.sendText("{\"contentIdStem\": 5, \"timelineSelector\": true, \"earliest\": []}");
    RawClients.closeFromClient(c);
    return Result.OPENED;
  }
}
