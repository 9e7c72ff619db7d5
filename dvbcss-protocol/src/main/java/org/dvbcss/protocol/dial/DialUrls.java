package org.dvbcss.protocol.dial;

/** The URLs derived from a DIAL server's answers. Stateless; any thread. */
public final class DialUrls {
  /** The DIAL application name of an HbbTV terminal. */
  public static final String HBBTV_APPLICATION = "HbbTV";

  private DialUrls() {}

  /**
   * The HbbTV application resource for a DIAL {@code Application-URL}: the URL with a {@code /}
   * appended when it does not already end with one, then {@code HbbTV}. Servers send the header
   * both with and without the trailing slash.
   *
   * @param applicationUrl the {@code Application-URL} header's value
   * @return the resource's URL, e.g. {@code http://10.0.0.5:8080/apps/HbbTV}
   */
  public static String applicationResource(String applicationUrl) {
    String base = applicationUrl.strip();
    return (base.endsWith("/") ? base : base + "/") + HBBTV_APPLICATION;
  }
}
