package org.dvbcss.protocol.dial;

import org.dvbcss.protocol.ProtocolException;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The UPnP device description a DIAL server serves at its SSDP {@code LOCATION} (namespace {@value
 * #UPNP_DEVICE_NS}). Its HTTP response carries the {@code Application-URL} header, which is not
 * part of this document.
 *
 * @param deviceType the {@code deviceType}, normally {@value #DIAL_DEVICE_TYPE}, or null when
 *     absent
 * @param friendlyName the {@code friendlyName}, or null when absent
 * @param manufacturer the {@code manufacturer}, or null when absent
 * @param modelName the {@code modelName}, or null when absent
 * @param udn the {@code UDN}, e.g. {@code uuid:...}, or null when absent
 */
public record DeviceDescription(
    @Nullable String deviceType,
    @Nullable String friendlyName,
    @Nullable String manufacturer,
    @Nullable String modelName,
    @Nullable String udn) {
  /** The UPnP device description namespace. */
  public static final String UPNP_DEVICE_NS = "urn:schemas-upnp-org:device-1-0";

  /** The device type of a DIAL server. */
  public static final String DIAL_DEVICE_TYPE = "urn:dial-multiscreen-org:device:dial:1";

  /**
   * A DIAL server's description.
   *
   * @param friendlyName the name shown to people
   * @param manufacturer the maker, or null
   * @param modelName the model, or null
   * @param udn the unique device name, {@code uuid:...}
   * @return the description with {@link #DIAL_DEVICE_TYPE}
   */
  public static DeviceDescription dial(
      String friendlyName, @Nullable String manufacturer, @Nullable String modelName, String udn) {
    return new DeviceDescription(DIAL_DEVICE_TYPE, friendlyName, manufacturer, modelName, udn);
  }

  /**
   * The document, UTF-8 text, in the UPnP device namespace (spec version 1.0).
   *
   * @return the XML
   */
  public String encodeXml() {
    StringBuilder b = new StringBuilder();
    b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    b.append("<root xmlns=\"").append(UPNP_DEVICE_NS).append("\">\n");
    b.append("  <specVersion>\n    <major>1</major>\n    <minor>0</minor>\n  </specVersion>\n");
    b.append("  <device>\n");
    DialXml.element(b, "    ", "deviceType", deviceType);
    DialXml.element(b, "    ", "friendlyName", friendlyName);
    DialXml.element(b, "    ", "manufacturer", manufacturer);
    DialXml.element(b, "    ", "modelName", modelName);
    DialXml.element(b, "    ", "UDN", udn);
    b.append("  </device>\n</root>\n");
    return b.toString();
  }

  /**
   * Reads a device description: the first {@code device} element (whatever its namespace) and its
   * children by local name.
   *
   * @param xml the document
   * @return the description; fields absent from it are null
   * @throws ProtocolException if it is not well-formed XML, has a document type declaration, or has
   *     no {@code device} element
   */
  public static DeviceDescription parse(String xml) {
    Document doc = DialXml.parse(xml, "device description");
    Element root = doc.getDocumentElement();
    Element device = null;
    NodeList all = root.getElementsByTagNameNS("*", "device");
    for (int i = 0; i < all.getLength() && device == null; i++) {
      Node n = all.item(i);
      if (n instanceof Element e) {
        device = e;
      }
    }
    if (device == null) {
      throw new ProtocolException("device description without a device element");
    }
    return new DeviceDescription(
        DialXml.childText(device, "deviceType"),
        DialXml.childText(device, "friendlyName"),
        DialXml.childText(device, "manufacturer"),
        DialXml.childText(device, "modelName"),
        DialXml.childText(device, "UDN"));
  }
}
