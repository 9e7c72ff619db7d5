package org.dvbcss.tv;

import java.net.InetSocketAddress;
import java.util.List;
import org.dvbcss.net.internal.Addresses;

/**
 * What the demo servers ({@code cii-server}, {@code ts-server}, {@code tv}) serve: content ids and
 * timeline selectors, shared so that every tool presents the same programme.
 *
 * <p>Immutable constants; thread safe.
 */
public final class DemoContent {
  /** The first of {@link #CONTENT_IDS}, as a constant expression (for annotations). */
  public static final String FIRST_CONTENT_ID =
      "dvb://233a.1004.1044;363a~20130218T0915Z--PT00H45M";

  /** The content ids of the demo cycle (DVB URLs of three broadcast events), as pydvbcss's. */
  public static final List<String> CONTENT_IDS =
      List.of(
          FIRST_CONTENT_ID,
          "dvb://233a.1168.122a;1aa4~20130218T0910Z--PT00H30M",
          "dvb://233a.1050.1008;9fd~20130218T0920Z--PT00H50M");

  /** The PTS timeline selector (90 kHz). */
  public static final String PTS = "urn:dvb:css:timeline:pts";

  /** The TEMI timeline selector for component tag 1, timeline id 1 (served at 1 kHz here). */
  public static final String TEMI = "urn:dvb:css:timeline:temi:1:1";

  /** The DASH period-relative timeline selector at 1000 units per second (1 kHz). */
  public static final String DASH = "urn:dvb:css:timeline:mpd:period:rel:1000";

  private DemoContent() {}

  /**
   * The WebSocket URL of an endpoint on a bound server, e.g. {@code ws://127.0.0.1:7681/ts} or
   * {@code ws://[::1]:7681/cii}.
   *
   * @param bound the address the server is bound to
   * @param path the endpoint's path, starting with {@code /}
   * @return the URL
   */
  public static String wsUrl(InetSocketAddress bound, String path) {
    return url("ws", bound, path);
  }

  /**
   * The URL of an endpoint at an address, e.g. {@code wss://192.168.1.20:7681/cii}.
   *
   * @param scheme {@code ws} or {@code wss}
   * @param address the address and port
   * @param path the endpoint's path, starting with {@code /}
   * @return the URL
   */
  public static String url(String scheme, InetSocketAddress address, String path) {
    return scheme
        + "://"
        + Addresses.uriHost(address.getAddress())
        + ":"
        + address.getPort()
        + path;
  }
}
