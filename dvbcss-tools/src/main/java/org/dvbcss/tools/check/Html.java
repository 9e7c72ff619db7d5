package org.dvbcss.tools.check;

/** Escaping of text for HTML element content and attribute values. Thread safe (stateless). */
public final class Html {
  private Html() {}

  /**
   * The text with {@code & < > " '} replaced by character references, and control characters other
   * than tab and line breaks shown as {@code \\uXXXX}.
   *
   * @param text any text, e.g. from the TV
   * @return text safe inside an element or a quoted attribute
   */
  public static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
            b.append(c);
          } else {
            b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          }
        }
      }
    }
    return b.toString();
  }
}
