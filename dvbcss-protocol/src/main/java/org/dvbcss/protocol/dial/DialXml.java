package org.dvbcss.protocol.dial;

import java.io.IOException;
import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.dvbcss.protocol.ProtocolException;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Namespace-aware XML reading that refuses document type declarations (so no entity of any kind,
 * internal or external, is expanded) and writing helpers. Stateless; any thread.
 */
final class DialXml {
  /** The longest document read, in characters. */
  static final int MAX_CHARS = 256 * 1024;

  private DialXml() {}

  static Document parse(String xml, String what) {
    if (xml.length() > MAX_CHARS) {
      throw new ProtocolException(what + " longer than " + MAX_CHARS + " characters");
    }
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setValidating(false);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      DocumentBuilder builder = f.newDocumentBuilder();
      builder.setErrorHandler(THROWING);
      builder.setEntityResolver(
          (publicId, systemId) -> {
            throw new SAXException("external entity refused: " + systemId);
          });
      return builder.parse(new InputSource(new StringReader(xml)));
    } catch (SAXException e) {
      throw new ProtocolException(what + " is not well-formed XML: " + e.getMessage(), e);
    } catch (IOException | ParserConfigurationException | RuntimeException e) {
      throw new ProtocolException(what + " cannot be read as XML: " + e, e);
    }
  }

  private static final ErrorHandler THROWING =
      new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
          throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
          throw e;
        }
      };

  /** The first child element with this local name (any namespace), or null. */
  static @Nullable Element child(Element parent, String localName) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && localName.equals(localName(e))) {
        return e;
      }
    }
    return null;
  }

  static String localName(Element e) {
    String local = e.getLocalName();
    return local != null ? local : e.getTagName();
  }

  /** The stripped text of the first child element with this local name, or null. */
  static @Nullable String childText(Element parent, String localName) {
    Element e = child(parent, localName);
    return e == null ? null : e.getTextContent().strip();
  }

  static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&apos;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  static void element(StringBuilder b, String indent, String tag, @Nullable String text) {
    if (text != null) {
      b.append(indent).append('<').append(tag).append('>').append(escape(text));
      int space = tag.indexOf(' ');
      b.append("</").append(space < 0 ? tag : tag.substring(0, space)).append(">\n");
    }
  }
}
