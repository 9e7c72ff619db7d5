package org.dvbcss.protocol.dial;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dvbcss.protocol.ProtocolException;
import org.jspecify.annotations.Nullable;

/**
 * The unicast answer of an SSDP device to an {@code M-SEARCH}: {@code HTTP/1.1 200 OK} with the URL
 * of its device description in {@code LOCATION}.
 *
 * @param location the {@code LOCATION} header: the device description's URL
 * @param st the {@code ST} header, or null when absent (UPnP DA 1.0 devices may omit it)
 * @param usn the {@code USN} header, or null when absent
 * @param cacheControl the {@code CACHE-CONTROL} header, e.g. {@code max-age=1800}, or null
 * @param server the {@code SERVER} header, or null when absent
 * @param headers every header, keyed by lower-case name, values stripped (first occurrence of a
 *     repeated name); on {@link #encode()} only the named fields above are written, plus any other
 *     header here
 */
public record SsdpResponse(
    String location,
    @Nullable String st,
    @Nullable String usn,
    @Nullable String cacheControl,
    @Nullable String server,
    Map<String, String> headers) {
  /** The longest datagram read as a response, in characters. */
  static final int MAX_CHARS = 16384;

  private static final Pattern MAX_AGE = Pattern.compile("max-age\\s*=\\s*(\\d{1,9})");

  /** Validates and copies the headers (keys lower-cased). */
  public SsdpResponse {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("location is empty");
    }
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : headers.entrySet()) {
      copy.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
    }
    headers = Collections.unmodifiableMap(copy);
  }

  /**
   * A DIAL server's answer with the usual headers and nothing else.
   *
   * @param location the device description's URL
   * @param uuid the device's UUID (without {@code uuid:}), used in {@code USN}
   * @param maxAgeSeconds the {@code max-age} of {@code CACHE-CONTROL}, in seconds
   * @param server the {@code SERVER} header
   * @return the response
   */
  public static SsdpResponse dial(String location, String uuid, int maxAgeSeconds, String server) {
    return new SsdpResponse(
        location,
        SsdpSearch.DIAL_ST,
        "uuid:" + uuid + "::" + SsdpSearch.DIAL_ST,
        "max-age=" + maxAgeSeconds,
        server,
        Map.of());
  }

  /**
   * The {@code max-age} of {@code CACHE-CONTROL}.
   *
   * @return seconds, or -1 when absent or unreadable
   */
  public int maxAge() {
    if (cacheControl == null) {
      return -1;
    }
    Matcher m = MAX_AGE.matcher(cacheControl.toLowerCase(Locale.ROOT));
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  /**
   * The datagram's text: {@code HTTP/1.1 200 OK}, then {@code CACHE-CONTROL}, {@code EXT} (empty),
   * {@code LOCATION}, {@code SERVER}, {@code ST}, {@code USN} where present, then the other
   * headers, lines ending CRLF and an empty line at the end.
   *
   * @return the response text
   */
  public String encode() {
    StringBuilder b = new StringBuilder("HTTP/1.1 200 OK\r\n");
    Map<String, String> named = new LinkedHashMap<>();
    if (cacheControl != null) {
      named.put("CACHE-CONTROL", cacheControl);
    }
    named.put("EXT", "");
    named.put("LOCATION", location);
    if (server != null) {
      named.put("SERVER", server);
    }
    if (st != null) {
      named.put("ST", st);
    }
    if (usn != null) {
      named.put("USN", usn);
    }
    named.forEach(
        (k, v) -> b.append(k).append(':').append(v.isEmpty() ? "" : " " + v).append("\r\n"));
    headers.forEach(
        (k, v) -> {
          if (!named.containsKey(k.toUpperCase(Locale.ROOT))) {
            b.append(k.toUpperCase(Locale.ROOT)).append(": ").append(v).append("\r\n");
          }
        });
    b.append("\r\n");
    return b.toString();
  }

  /**
   * Reads a received datagram as a response, tolerantly: the status line {@code HTTP/1.0} or {@code
   * HTTP/1.1} with status 200, header names in any case, CRLF or LF line ends, extra headers, an
   * empty {@code EXT}.
   *
   * @param text the datagram's text
   * @return the response
   * @throws ProtocolException if it is not a 200 response or has no {@code LOCATION}
   */
  public static SsdpResponse parse(String text) {
    SsdpHeaders.Message m = SsdpHeaders.parse(text, MAX_CHARS);
    String[] start = m.startLine().split("\\s+", 3);
    if (start.length < 2 || !start[0].toUpperCase(Locale.ROOT).startsWith("HTTP/1.")) {
      throw new ProtocolException("not an SSDP response: " + SsdpHeaders.abbreviate(m.startLine()));
    }
    if (!start[1].equals("200")) {
      throw new ProtocolException("SSDP response with status " + SsdpHeaders.abbreviate(start[1]));
    }
    Map<String, String> h = m.headers();
    String location = h.get("location");
    if (location == null || location.isEmpty()) {
      throw new ProtocolException("SSDP response without LOCATION");
    }
    return new SsdpResponse(
        location, h.get("st"), h.get("usn"), h.get("cache-control"), h.get("server"), h);
  }
}
