/**
 * The companion role: {@code Companion}, which follows a TV from its CSS-CII URL, and DIAL
 * discovery of TVs.
 *
 * <p>Exports {@code org.dvbcss.companion}, {@code org.dvbcss.companion.check} (the conformance
 * checker), {@code org.dvbcss.companion.discovery} and {@code org.dvbcss.companion.player} (a media
 * player synchroniser).
 */
module org.dvbcss.companion {
  requires transitive org.dvbcss.net;
  requires static transitive org.jspecify;
  requires java.net.http;
  requires org.slf4j;

  exports org.dvbcss.companion;
  exports org.dvbcss.companion.check;
  exports org.dvbcss.companion.discovery;
  exports org.dvbcss.companion.player;
}
