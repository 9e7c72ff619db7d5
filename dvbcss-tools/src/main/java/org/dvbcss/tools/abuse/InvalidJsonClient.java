package org.dvbcss.tools.abuse;

import java.io.IOException;

/** Sends a message that is not JSON and one of the wrong shape, then closes. One run. */
record InvalidJsonClient(Target target) implements Abuser {
  @Override
  public Result abuse(Round round) throws IOException, InterruptedException {
    return RawClients.session(
        target,
        0,
        round,
        c -> {
          c.sendText("{not json");
          c.sendText("{\"contentIdStem\": 5, \"timelineSelector\": true, \"earliest\": []}");
          RawClients.closeFromClient(c);
        });
  }
}
