package io.safehold.activities.vsphere;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** Reading vim25 answers with the JDK's DOM: children by local name, text, {@code xsi:type}. */
final class Dom {

  static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

  private static final DocumentBuilderFactory FACTORY = factory();

  private Dom() {}

  /** Parses without DTDs or external entities. */
  static Document parse(InputStream in) throws IOException, SAXException {
    DocumentBuilder builder;
    try {
      builder = FACTORY.newDocumentBuilder();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("The JDK's XML parser cannot be configured", e);
    }
    builder.setErrorHandler(null);
    return builder.parse(in);
  }

  static List<Element> children(Element parent, String localName) {
    List<Element> found = new ArrayList<>();
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && localName.equals(element.getLocalName())) {
        found.add(element);
      }
    }
    return found;
  }

  static List<Element> children(Element parent) {
    List<Element> found = new ArrayList<>();
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element) {
        found.add(element);
      }
    }
    return found;
  }

  /** The first child named {@code localName}, or null. */
  static Element child(Element parent, String localName) {
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && localName.equals(element.getLocalName())) {
        return element;
      }
    }
    return null;
  }

  /** Text of the first child named {@code localName}, or null when there is none. */
  static String childText(Element parent, String localName) {
    Element child = child(parent, localName);
    return child == null ? null : child.getTextContent().trim();
  }

  /** Follows a path of child names; null when any step is missing. */
  static Element path(Element from, String... localNames) {
    Element at = from;
    for (String name : localNames) {
      if (at == null) {
        return null;
      }
      at = child(at, name);
    }
    return at;
  }

  /** The {@code xsi:type} of {@code element} without its namespace prefix, or null. */
  static String xsiType(Element element) {
    String type = element.getAttributeNS(XSI, "type");
    if (type == null || type.isEmpty()) {
      return null;
    }
    int colon = type.indexOf(':');
    return colon < 0 ? type : type.substring(colon + 1);
  }

  private static DocumentBuilderFactory factory() {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setExpandEntityReferences(false);
    factory.setXIncludeAware(false);
    try {
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("The JDK's XML parser cannot be secured", e);
    }
    return factory;
  }
}
