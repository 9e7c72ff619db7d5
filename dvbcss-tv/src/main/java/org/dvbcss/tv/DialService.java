package org.dvbcss.tv;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Function;
import org.dvbcss.net.dial.SsdpResponder;
import org.dvbcss.net.dial.SsdpResponderConfig;
import org.dvbcss.net.ws.HttpResource;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.protocol.UriHosts;
import org.dvbcss.protocol.dial.DeviceDescription;
import org.dvbcss.protocol.dial.HbbTvApplication;
import org.jspecify.annotations.Nullable;

/**
 * A TV's DIAL server: the HTTP resources it adds to the WebSocket server, and the SSDP responder
 * started once that server is bound. Each URL it hands out names the host the asking companion
 * reached. App2App is advertised ({@code X_HbbTV_App2AppURL}) but not served. Thread safe.
 */
final class DialService {
  /** The device description's path. */
  static final String DEVICE_DESCRIPTION_PATH = "/dial/dd.xml";

  /** The DIAL REST service's path, the {@code Application-URL}. */
  static final String APPS_PATH = "/dial/apps/";

  /** The HbbTV application resource's path. */
  static final String HBBTV_PATH = APPS_PATH + "HbbTV";

  private static final String XML = "text/xml; charset=utf-8";

  private final DialConfig config;
  private final String uuid;
  private final boolean tls;
  private final Function<String, String> ciiUrl;
  private final String userAgent;
  private volatile @Nullable SsdpResponder responder;
  private volatile int port;

  /**
   * @param config the settings
   * @param tls whether the WebSocket port speaks TLS
   * @param ciiUrl the CSS-CII URL for the host (URI form, IPv6 bracketed) a companion reached
   */
  DialService(DialConfig config, boolean tls, Function<String, String> ciiUrl) {
    this.config = config;
    this.uuid = config.uuidOrRandom();
    this.tls = tls;
    this.ciiUrl = ciiUrl;
    String version = Tv.class.getPackage().getImplementationVersion();
    this.userAgent =
        "HbbTV/1.5.1 (+DRM;dvbcss-java;TV simulator;" + (version == null ? "dev" : version) + ";;)";
  }

  /** Adds the device description and the HbbTV application resource to a server being built. */
  WebSocketServer.Builder addResources(WebSocketServer.Builder b) {
    return b.resource(DEVICE_DESCRIPTION_PATH, this::deviceDescription)
        .resource(HBBTV_PATH, this::application);
  }

  /** Starts answering SSDP searches for the server's port. */
  void startSsdp(int webSocketPort) throws IOException {
    this.port = webSocketPort;
    SsdpResponderConfig ssdp = SsdpResponderConfig.defaults().withBindAddress(config.ssdpAddress());
    responder = SsdpResponder.start(ssdp, uuid, this::location);
  }

  /** The SSDP LOCATION for a search that arrived on a local address. */
  String location(InetAddress local) {
    return (tls ? "https" : "http")
        + "://"
        + UriHosts.of(local)
        + ":"
        + port
        + DEVICE_DESCRIPTION_PATH;
  }

  /** The SSDP socket's bound address, or null before it started. */
  @Nullable InetSocketAddress ssdpAddress() {
    SsdpResponder r = responder;
    return r == null ? null : r.localAddress();
  }

  private static String host(HttpResource.Request request) {
    return UriHosts.of(request.localAddress().getAddress());
  }

  private String http(HttpResource.Request request) {
    return (tls ? "https" : "http")
        + "://"
        + host(request)
        + ":"
        + request.localAddress().getPort();
  }

  private HttpResource.Response deviceDescription(HttpResource.Request request) {
    String xml =
        DeviceDescription.dial(
                config.friendlyName(), config.manufacturer(), config.modelName(), "uuid:" + uuid)
            .encodeXml();
    return cors(
        request,
        HttpResource.Response.ok(XML, xml)
            .withHeader("Application-URL", http(request) + APPS_PATH));
  }

  private HttpResource.Response application(HttpResource.Request request) {
    String host = host(request);
    String ws = (tls ? "wss" : "ws") + "://" + host + ":" + request.localAddress().getPort();
    String xml =
        HbbTvApplication.running(ciiUrl.apply(host), ws + "/app2app/", userAgent).encodeXml();
    return cors(request, HttpResource.Response.ok(XML, xml));
  }

  private static HttpResource.Response cors(
      HttpResource.Request request, HttpResource.Response response) {
    String origin = request.header("origin");
    return origin == null ? response : response.withHeader("Access-Control-Allow-Origin", origin);
  }

  void close() {
    SsdpResponder r = responder;
    if (r != null) {
      r.close();
    }
  }
}
