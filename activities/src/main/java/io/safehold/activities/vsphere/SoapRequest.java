package io.safehold.activities.vsphere;

/**
 * One vim25 SOAP call, built by hand: every value is XML-escaped, so a VM or snapshot name can
 * never change the document's structure.
 */
final class SoapRequest {

  static final String VIM25 = "urn:vim25";

  private final String method;
  private final StringBuilder xml = new StringBuilder();

  private SoapRequest(String method) {
    this.method = method;
  }

  /** {@code <method xmlns="urn:vim25"><_this type="thisType">thisValue</_this>}. */
  static SoapRequest call(String method, String thisType, String thisValue) {
    SoapRequest request = new SoapRequest(method);
    request.xml.append('<').append(method).append(" xmlns=\"").append(VIM25).append("\">");
    return request.moref("_this", thisType, thisValue);
  }

  SoapRequest text(String tag, String value) {
    xml.append('<').append(tag).append('>').append(escape(value)).append("</").append(tag);
    xml.append('>');
    return this;
  }

  SoapRequest text(String tag, long value) {
    return text(tag, Long.toString(value));
  }

  SoapRequest text(String tag, boolean value) {
    return text(tag, Boolean.toString(value));
  }

  SoapRequest moref(String tag, String type, String value) {
    xml.append('<').append(tag).append(" type=\"").append(escape(type)).append("\">");
    xml.append(escape(value)).append("</").append(tag).append('>');
    return this;
  }

  SoapRequest open(String tag) {
    xml.append('<').append(tag).append('>');
    return this;
  }

  /** Opens an element whose type is a subtype of the declared one ({@code xsi:type}). */
  SoapRequest open(String tag, String xsiType) {
    xml.append('<').append(tag).append(" xsi:type=\"").append(escape(xsiType)).append("\">");
    return this;
  }

  SoapRequest close(String tag) {
    xml.append("</").append(tag).append('>');
    return this;
  }

  String method() {
    return method;
  }

  /** The whole SOAP envelope. */
  String envelope() {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        + "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
        + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>"
        + xml
        + "</"
        + method
        + "></soapenv:Body></soapenv:Envelope>";
  }

  /**
   * Escapes {@code value} for element text and attribute values.
   *
   * @throws IllegalArgumentException for characters XML 1.0 cannot carry at all
   */
  static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length() + 16);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        case '\t', '\n' -> out.append(c);
        case '\r' -> out.append("&#13;");
        default -> {
          if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
            throw new IllegalArgumentException(
                "A value for vCenter contains control character U+"
                    + String.format("%04X", (int) c)
                    + ", which XML cannot carry");
          }
          out.append(c);
        }
      }
    }
    return out.toString();
  }
}
