package org.dvbcss.protocol.dial;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.dvbcss.protocol.ProtocolException;

/** Splits an SSDP (HTTP over UDP) message into its start line and headers. Stateless. */
final class SsdpHeaders {
  private SsdpHeaders() {}

  /** A start line and headers keyed by lower-case name (first occurrence kept). */
  record Message(String startLine, Map<String, String> headers) {}

  static Message parse(String text, int maxChars) {
    if (text.length() > maxChars) {
      throw new ProtocolException("SSDP message longer than " + maxChars + " characters");
    }
    String[] lines = text.split("\r?\n", -1);
    String start = lines[0].strip();
    if (start.isEmpty()) {
      throw new ProtocolException("SSDP message has no start line");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        break; // end of headers
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new ProtocolException("SSDP header line without a name: " + abbreviate(line));
      }
      String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        throw new ProtocolException("SSDP header line without a name: " + abbreviate(line));
      }
      headers.putIfAbsent(name, line.substring(colon + 1).strip());
    }
    return new Message(start, headers);
  }

  static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "...";
  }
}
