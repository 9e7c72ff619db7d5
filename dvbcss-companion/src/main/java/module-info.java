/**
 * The companion role: {@code Companion}, which follows a TV from its CSS-CII URL.
 *
 * <p>Exports {@code org.dvbcss.companion}.
 */
module org.dvbcss.companion {
  requires transitive org.dvbcss.net;
  requires static transitive org.jspecify;
  requires org.slf4j;
  requires java.net.http;

  exports org.dvbcss.companion;
  exports org.dvbcss.companion.check;
}
