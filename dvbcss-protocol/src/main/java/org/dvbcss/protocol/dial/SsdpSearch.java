package org.dvbcss.protocol.dial;

import java.util.Locale;
import java.util.Map;
import org.dvbcss.protocol.ProtocolException;
import org.jspecify.annotations.Nullable;

/**
 * An SSDP {@code M-SEARCH} request (UPnP Device Architecture), as a DIAL client sends it to find
 * DIAL servers: {@code ST: urn:dial-multiscreen-org:service:dial:1}.
 *
 * @param host the {@code HOST} header, e.g. {@code 239.255.255.250:1900}
 * @param mx the {@code MX} header: how long responders may wait before answering, in seconds (1 to
 *     5 per UPnP; any value of 0 or more is accepted when parsing)
 * @param st the search target: {@link #DIAL_ST} or {@link #SSDP_ALL}
 * @param userAgent the {@code USER-AGENT} header, or null when absent
 */
public record SsdpSearch(String host, int mx, String st, @Nullable String userAgent) {
  /** The DIAL service type searched for. */
  public static final String DIAL_ST = "urn:dial-multiscreen-org:service:dial:1";

  /** The search target that matches every device. */
  public static final String SSDP_ALL = "ssdp:all";

  /** The SSDP multicast group and port, {@code 239.255.255.250:1900}. */
  public static final String MULTICAST_HOST = "239.255.255.250:1900";

  /** The longest datagram read as a search, in characters. */
  static final int MAX_CHARS = 8192;

  /** Validates. */
  public SsdpSearch {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host is empty");
    }
    if (mx < 0) {
      throw new IllegalArgumentException("mx is negative: " + mx);
    }
    if (st == null || st.isBlank()) {
      throw new IllegalArgumentException("st is empty");
    }
  }

  /**
   * A DIAL search.
   *
   * @param host the {@code HOST} header ({@link #MULTICAST_HOST} for multicast)
   * @param mx the {@code MX} header in seconds
   * @param userAgent the {@code USER-AGENT} header, or null to send none
   * @return the search
   */
  public static SsdpSearch dial(String host, int mx, @Nullable String userAgent) {
    return new SsdpSearch(host, mx, DIAL_ST, userAgent);
  }

  /**
   * The datagram's text, lines ending CRLF and an empty line at the end.
   *
   * @return the request text
   */
  public String encode() {
    StringBuilder b = new StringBuilder();
    b.append("M-SEARCH * HTTP/1.1\r\n");
    b.append("HOST: ").append(host).append("\r\n");
    b.append("MAN: \"ssdp:discover\"\r\n");
    b.append("MX: ").append(mx).append("\r\n");
    b.append("ST: ").append(st).append("\r\n");
    if (userAgent != null) {
      b.append("USER-AGENT: ").append(userAgent).append("\r\n");
    }
    b.append("\r\n");
    return b.toString();
  }

  /**
   * Whether this search asks for DIAL servers: its target is {@link #DIAL_ST} or {@link #SSDP_ALL}.
   *
   * @return true if a DIAL server should answer
   */
  public boolean wantsDial() {
    return st.equals(DIAL_ST) || st.equalsIgnoreCase(SSDP_ALL);
  }

  /**
   * Reads a received datagram as a search. Header names are matched in any case; {@code MAN} must
   * be {@code "ssdp:discover"} (quotes optional); a missing {@code MX} reads as 1 and a missing
   * {@code HOST} as {@link #MULTICAST_HOST}.
   *
   * @param text the datagram's text
   * @return the search, whatever its target (see {@link #wantsDial()})
   * @throws ProtocolException if it is not an {@code M-SEARCH} or is malformed
   */
  public static SsdpSearch parse(String text) {
    SsdpHeaders.Message m = SsdpHeaders.parse(text, MAX_CHARS);
    String[] start = m.startLine().split("\\s+");
    if (start.length != 3 || !start[0].equals("M-SEARCH") || !start[2].startsWith("HTTP/1.")) {
      throw new ProtocolException(
          "not an M-SEARCH request: " + SsdpHeaders.abbreviate(m.startLine()));
    }
    Map<String, String> h = m.headers();
    String man = h.get("man");
    if (man == null) {
      throw new ProtocolException("M-SEARCH without MAN");
    }
    String unquoted = man.replace("\"", "").strip();
    if (!unquoted.toLowerCase(Locale.ROOT).equals("ssdp:discover")) {
      throw new ProtocolException("M-SEARCH with MAN " + SsdpHeaders.abbreviate(man));
    }
    String st = h.get("st");
    if (st == null || st.isEmpty()) {
      throw new ProtocolException("M-SEARCH without ST");
    }
    int mx = 1;
    String mxText = h.get("mx");
    if (mxText != null) {
      try {
        mx = Integer.parseInt(mxText);
      } catch (NumberFormatException e) {
        throw new ProtocolException("M-SEARCH with MX " + SsdpHeaders.abbreviate(mxText));
      }
      if (mx < 0) {
        throw new ProtocolException("M-SEARCH with negative MX " + mx);
      }
    }
    String host = h.get("host");
    if (host == null || host.isEmpty()) {
      host = MULTICAST_HOST;
    }
    return new SsdpSearch(host, mx, st, h.get("user-agent"));
  }
}
