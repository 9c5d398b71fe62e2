package io.safehold.activities.vsphere;

import org.w3c.dom.Element;

/**
 * A vSphere fault: from a SOAP {@code Fault} (its {@code detail}) or a task's {@code info.error}.
 *
 * @param name the fault type, e.g. {@code ManagedObjectNotFound}, {@code FileFault}
 * @param message the localized message vCenter gave (may be empty)
 * @param detail the fault object, for its fields ({@code obj}, {@code file}, ...); may be null
 */
record SoapFault(String name, String message, Element detail) {

  /** Text of the fault's field {@code field}, or null. */
  String field(String field) {
    return detail == null ? null : Dom.childText(detail, field);
  }

  /** Parses {@code soapenv:Fault}. */
  static SoapFault ofSoapFault(Element fault) {
    String message = Dom.childText(fault, "faultstring");
    Element detailWrapper = Dom.child(fault, "detail");
    Element detail = null;
    String name = null;
    if (detailWrapper != null && !Dom.children(detailWrapper).isEmpty()) {
      detail = Dom.children(detailWrapper).get(0);
      name = Dom.xsiType(detail);
      if (name == null) {
        String local = detail.getLocalName();
        name = local.endsWith("Fault") ? local.substring(0, local.length() - 5) : local;
      }
    }
    if (name == null) {
      name = Dom.childText(fault, "faultcode");
    }
    return new SoapFault(
        name == null ? "UnknownFault" : name, message == null ? "" : message, detail);
  }

  /** Parses a {@code LocalizedMethodFault} ({@code fault} + {@code localizedMessage}). */
  static SoapFault ofLocalizedMethodFault(Element error) {
    Element fault = Dom.child(error, "fault");
    String name = fault == null ? null : Dom.xsiType(fault);
    String message = Dom.childText(error, "localizedMessage");
    return new SoapFault(
        name == null ? "UnknownFault" : name, message == null ? "" : message, fault);
  }
}
