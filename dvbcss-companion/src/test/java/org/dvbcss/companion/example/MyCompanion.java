package org.dvbcss.companion.example;

import java.net.URI;
import javax.net.ssl.SSLException;
import org.dvbcss.companion.Companion;

final class MyCompanion {
  static Companion follow(URI ciiUrl) throws SSLException {
    Companion companion = new Companion(); // close() it when done: it reconnects until then
    companion.start(ciiUrl, null); // the first timeline the TV advertises
    return companion;
  }

  /** Where the TV's timeline is now, in seconds; NaN until known to within 10 ms. */
  static double position(Companion companion) { // read it on each frame the app draws
    Companion.Status s = companion.status();
    return s.available() && s.errorBound() < 0.010 ? s.seconds() : Double.NaN;
  }
}
