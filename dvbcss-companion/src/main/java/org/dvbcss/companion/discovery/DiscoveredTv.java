package org.dvbcss.companion.discovery;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.dvbcss.protocol.UriHosts;
import org.dvbcss.protocol.dial.DeviceDescription;
import org.dvbcss.protocol.dial.HbbTvApplication;
import org.dvbcss.protocol.dial.SsdpResponse;
import org.jspecify.annotations.Nullable;

/**
 * One DIAL server found by {@link Discovery}, with what each step observed. A TV whose later steps
 * failed is still reported: the failed step's {@link DialStep#error()} or status says why, and the
 * fields that step would have filled are null.
 *
 * @param ssdpSource the address the SSDP answer came from
 * @param ssdpResponse the SSDP answer (the first one for its {@code LOCATION})
 * @param ssdpResponses how many SSDP answers named this {@code LOCATION} (duplicates are normal)
 * @param location the {@code LOCATION}: the device description's URL
 * @param deviceDescriptionStep the {@code GET} of {@code location}
 * @param deviceDescription the device description, or null when it could not be fetched or read
 * @param applicationUrl the device description response's {@code Application-URL} header, or null
 * @param applicationStep the {@code GET} of the HbbTV application resource, or null when there was
 *     no {@code Application-URL}
 * @param application the HbbTV application resource, or null when it could not be fetched or read
 * @param preflightStep the {@code OPTIONS} preflight of the application resource, or null when no
 *     {@code Origin} was configured or there was no {@code Application-URL}
 * @param problems what was wrong or unusual, in plain words (unreadable XML, a missing header, an
 *     {@code X_HbbTV_*} element outside the HbbTV namespace, redirects, a bad CII host)
 */
public record DiscoveredTv(
    InetSocketAddress ssdpSource,
    SsdpResponse ssdpResponse,
    int ssdpResponses,
    String location,
    DialStep deviceDescriptionStep,
    @Nullable DeviceDescription deviceDescription,
    @Nullable String applicationUrl,
    @Nullable DialStep applicationStep,
    @Nullable HbbTvApplication application,
    @Nullable DialStep preflightStep,
    List<String> problems) {
  /** Copies the problems. */
  public DiscoveredTv {
    problems = List.copyOf(problems);
  }

  /**
   * The HbbTV application resource's URL.
   *
   * @return {@code applicationUrl} + "/" if missing + {@code HbbTV}, or null without one
   */
  public @Nullable String applicationResourceUrl() {
    return applicationStep == null ? null : applicationStep.url();
  }

  /**
   * The CSS-CII URL as advertised ({@code X_HbbTV_InterDevSyncURL}).
   *
   * @return the URL, or null when not found
   */
  public @Nullable String ciiUrl() {
    return application == null ? null : application.interDevSyncUrl();
  }

  /**
   * The CSS-CII URL with a host a companion can reach: when the advertised host is empty, {@code
   * 0.0.0.0} (or {@code ::}), {@code localhost}, or a loopback address ({@code 127.x}, {@code ::1})
   * while the SSDP answer came from elsewhere, it is replaced by the SSDP source's address;
   * otherwise the URL as advertised.
   *
   * @return the URL, or null when none was advertised
   */
  public @Nullable String reachableCiiUrl() {
    String url = ciiUrl();
    return url == null ? null : reachable(url, ssdpSource.getAddress());
  }

  /**
   * The friendly name, or null.
   *
   * @return the device description's {@code friendlyName}
   */
  public @Nullable String friendlyName() {
    return deviceDescription == null ? null : deviceDescription.friendlyName();
  }

  /**
   * Replaces a host a companion cannot use (see {@link #reachableCiiUrl()}) by the source's.
   *
   * @param url a URL {@code scheme://host[:port]/...}
   * @param source the address the device answered from
   * @return the URL with a usable host
   */
  static String reachable(String url, InetAddress source) {
    return UriHosts.withUsableHost(url, UriHosts.of(source));
  }
}
