package org.dvbcss.protocol.dial;

import java.util.Objects;
import org.dvbcss.protocol.ProtocolException;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The DIAL application resource of an HbbTV terminal, served at {@code <Application-URL>/HbbTV}
 * (ETSI TS 102 796, the HbbTV DIAL application): a DIAL {@code service} document (namespace {@value
 * #DIAL_NS}) whose {@code additionalData} holds the companion screen URLs in the HbbTV namespace
 * {@value #HBBTV_NS}.
 *
 * @param name the {@code name}, normally {@code HbbTV}, or null when absent
 * @param state the {@code state}, e.g. {@code running}, or null when absent
 * @param interDevSyncUrl {@code X_HbbTV_InterDevSyncURL}: the CSS-CII URL, or null when absent
 * @param app2AppUrl {@code X_HbbTV_App2AppURL}: the application-to-application base URL, or null
 * @param userAgent {@code X_HbbTV_UserAgent}: the terminal's HbbTV user agent, or null
 * @param dialVer the {@code dialVer} attribute of {@code service}, or null when absent
 * @param hbbtvNamespaceMissing true when at least one {@code X_HbbTV_*} element was found outside
 *     the HbbTV namespace (no namespace, or the DIAL namespace inherited from a default namespace);
 *     such elements are still read. On {@link #encodeXml()}, true writes them in no namespace (as
 *     such a terminal does)
 */
public record HbbTvApplication(
    @Nullable String name,
    @Nullable String state,
    @Nullable String interDevSyncUrl,
    @Nullable String app2AppUrl,
    @Nullable String userAgent,
    @Nullable String dialVer,
    boolean hbbtvNamespaceMissing) {
  /** The DIAL namespace of the {@code service} document. */
  public static final String DIAL_NS = "urn:dial-multiscreen-org:schemas:dial";

  /** The HbbTV companion screen namespace of the {@code X_HbbTV_*} elements. */
  public static final String HBBTV_NS = "urn:hbbtv:HbbTVCompanionScreen:2014";

  /**
   * A running HbbTV application resource with the HbbTV namespace used properly.
   *
   * @param interDevSyncUrl the CSS-CII URL
   * @param app2AppUrl the App2App base URL, or null
   * @param userAgent the terminal's user agent, or null
   * @return the resource, {@code dialVer} 1.7
   */
  public static HbbTvApplication running(
      String interDevSyncUrl, @Nullable String app2AppUrl, @Nullable String userAgent) {
    return new HbbTvApplication(
        DialUrls.HBBTV_APPLICATION,
        "running",
        Objects.requireNonNull(interDevSyncUrl, "interDevSyncUrl"),
        app2AppUrl,
        userAgent,
        "1.7",
        false);
  }

  /**
   * The document: {@code service} in {@value #DIAL_NS}, with {@code additionalData} children
   * prefixed {@code hbbtv} in {@value #HBBTV_NS} (or in no namespace when {@link
   * #hbbtvNamespaceMissing()}).
   *
   * @return the XML, UTF-8 text
   */
  public String encodeXml() {
    StringBuilder b = new StringBuilder();
    b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    b.append("<service xmlns=\"").append(DIAL_NS).append('"');
    if (!hbbtvNamespaceMissing) {
      b.append(" xmlns:hbbtv=\"").append(HBBTV_NS).append('"');
    }
    if (dialVer != null) {
      b.append(" dialVer=\"").append(DialXml.escape(dialVer)).append('"');
    }
    b.append(">\n");
    DialXml.element(b, "  ", "name", name);
    b.append("  <options allowStop=\"false\"/>\n");
    DialXml.element(b, "  ", "state", state);
    b.append("  <additionalData>\n");
    String p = hbbtvNamespaceMissing ? "" : "hbbtv:";
    String noNs = hbbtvNamespaceMissing ? " xmlns=\"\"" : "";
    DialXml.element(b, "    ", p + "X_HbbTV_App2AppURL" + noNs, app2AppUrl);
    DialXml.element(b, "    ", p + "X_HbbTV_InterDevSyncURL" + noNs, interDevSyncUrl);
    DialXml.element(b, "    ", p + "X_HbbTV_UserAgent" + noNs, userAgent);
    b.append("  </additionalData>\n</service>\n");
    return b.toString();
  }

  /**
   * Reads an application resource. The {@code X_HbbTV_*} elements are found by namespace and local
   * name whatever their prefix ({@code hbbtv:}, {@code ex:}, a default namespace); when one is not
   * in the HbbTV namespace it is still read and {@link #hbbtvNamespaceMissing()} is true. An
   * element in the HbbTV namespace wins over one outside it. They are looked for anywhere in the
   * document, normally inside {@code additionalData}.
   *
   * @param xml the document
   * @return the resource; fields absent from it are null
   * @throws ProtocolException if it is not well-formed XML, has a document type declaration, or its
   *     root element is not {@code service}
   */
  public static HbbTvApplication parse(String xml) {
    Document doc = DialXml.parse(xml, "HbbTV application resource");
    Element root = doc.getDocumentElement();
    if (!"service".equals(DialXml.localName(root))) {
      throw new ProtocolException(
          "HbbTV application resource with root element " + DialXml.localName(root));
    }
    boolean[] missing = new boolean[1];
    String dialVer = root.hasAttribute("dialVer") ? root.getAttribute("dialVer").strip() : null;
    return new HbbTvApplication(
        DialXml.childText(root, "name"),
        DialXml.childText(root, "state"),
        hbbtv(root, "X_HbbTV_InterDevSyncURL", missing),
        hbbtv(root, "X_HbbTV_App2AppURL", missing),
        hbbtv(root, "X_HbbTV_UserAgent", missing),
        dialVer,
        missing[0]);
  }

  private static @Nullable String hbbtv(Element root, String localName, boolean[] missing) {
    NodeList right = root.getElementsByTagNameNS(HBBTV_NS, localName);
    if (right.getLength() > 0) {
      return right.item(0).getTextContent().strip();
    }
    NodeList any = root.getElementsByTagNameNS("*", localName);
    for (int i = 0; i < any.getLength(); i++) {
      Node n = any.item(i);
      if (n instanceof Element) {
        missing[0] = true;
        return n.getTextContent().strip();
      }
    }
    return null;
  }
}
