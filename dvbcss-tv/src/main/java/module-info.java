/**
 * The TV role: {@code Tv} and its {@code TvModel}, serving CSS-CII, CSS-TS and CSS-WC.
 *
 * <p>Exports {@code org.dvbcss.tv}.
 */
module org.dvbcss.tv {
  requires transitive org.dvbcss.net;
  requires static transitive org.jspecify;
  requires tools.jackson.core;
  requires tools.jackson.databind;

  exports org.dvbcss.tv;
}
