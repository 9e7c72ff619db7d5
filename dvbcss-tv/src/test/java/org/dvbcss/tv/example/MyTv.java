package org.dvbcss.tv.example;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.dvbcss.tv.Tv;
import org.dvbcss.tv.TvConfig;

final class MyTv {
  static Tv switchOn(InetSocketAddress webSocket, InetSocketAddress wallClock) throws IOException {
    Tv tv =
        Tv.start(
            TvConfig.builder()
                .webSocketAddress(webSocket)
                .wallClockAddress(wallClock)
                .transition(Duration.ofMillis(1000))
                .build()); // "transitioning" for 1 s after a change
    System.out.println("point companions at " + tv.ciiUrl()); // and close() the TV to stop
    return tv;
  }

  static void remoteControl(Tv tv, char key) { // every companion hears each change at once
    switch (key) {
      case 'p' -> tv.togglePlay();
      case '>' -> tv.seek(30);
      case 'n' -> tv.nextContent(); // CSS-TS, then CSS-CII: old companions hear no restart
    }
  }
}
