package org.dvbcss.tools;

import java.io.StringWriter;
import java.util.function.Consumer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectMapper;

/** Writes the one-line JSON records that {@code --json} output prints. Thread safe (stateless). */
public final class JsonLines {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonLines() {}

  /**
   * Writes one JSON value compactly, on one line.
   *
   * @param body writes the value to the generator
   * @return the JSON text
   */
  public static String write(Consumer<JsonGenerator> body) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = MAPPER.createGenerator(out)) {
      body.accept(g);
    }
    return out.toString();
  }
}
