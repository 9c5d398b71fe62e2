package io.safehold.activities.vsphere;

import java.util.Map;
import org.w3c.dom.Element;

/**
 * One object of a PropertyCollector answer: its reference and the {@code val} element of each
 * property vCenter returned (unset properties are absent).
 */
record ObjectContent(String type, String moref, Map<String, Element> properties) {

  /** Text of a property, or null when unset. */
  String text(String property) {
    Element value = properties.get(property);
    return value == null ? null : value.getTextContent().trim();
  }

  boolean bool(String property) {
    return Boolean.parseBoolean(text(property));
  }

  Element value(String property) {
    return properties.get(property);
  }

  /** The {@code type} attribute of a reference-valued property, or null. */
  String referenceType(String property) {
    Element value = properties.get(property);
    return value == null || !value.hasAttribute("type") ? null : value.getAttribute("type");
  }
}
