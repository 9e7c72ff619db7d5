package org.dvbcss.protocol;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.dvbcss.protocol.testing.Prerequisites;
import org.jspecify.annotations.Nullable;

/**
 * DVB's published JSON schemas for the CSS messages (ETSI TS 103 286-2 V1.2.1), read from where
 * they live beside the checkout ({@code shared/reference/dvb-css-schemas/}; they are DVB's text, so
 * the project does not copy them) or from the directory in the system property {@value #PROPERTY}.
 * Tests that need them are skipped, with a message saying so, when they cannot be found, and fail
 * instead where the environment variable {@value Prerequisites#CI} or {@value #REQUIRED} is set
 * (see {@link Prerequisites}): CI keeps the reference folder beside the clean clone it tests, so a
 * CI run without the schemas is a broken setup, not a reason to skip what the suite claims.
 */
public final class DvbSchemas {

  /** System property naming the directory holding the schema files. */
  public static final String PROPERTY = "dvbcss.schemas.dir";

  /** Environment variable that, set non-empty, makes missing schemas fail the tests. */
  public static final String REQUIRED = "DVBCSS_REQUIRE_SCHEMAS";

  private static final String ID_PREFIX = "https://www.dvb.org/metadata/css/";
  private static final String RELATIVE = "shared/reference/dvb-css-schemas";

  private static final @Nullable Path DIR = locate();
  private static final @Nullable JsonSchemaFactory FACTORY = DIR == null ? null : factory(DIR);

  private DvbSchemas() {}

  static @Nullable Path locate() {
    String prop = System.getProperty(PROPERTY);
    if (prop != null && !prop.isBlank()) {
      Path p = Path.of(prop);
      return Files.isDirectory(p) ? p : null;
    }
    for (Path a = Path.of("").toAbsolutePath(); a != null; a = a.getParent()) {
      Path candidate = a.resolve(RELATIVE);
      if (Files.isRegularFile(candidate.resolve("css-core-1.1.1.json"))) {
        return candidate;
      }
    }
    return null;
  }

  private static JsonSchemaFactory factory(Path dir) {
    String base = dir.toUri().toString();
    return JsonSchemaFactory.getInstance(
        SpecVersion.VersionFlag.V4,
        b ->
            b.schemaMappers(
                m ->
                    m.mappings(
                        s -> s.startsWith(ID_PREFIX),
                        s -> {
                          String name = s.substring(ID_PREFIX.length());
                          int hash = name.indexOf('#');
                          if (hash >= 0) {
                            name = name.substring(0, hash);
                          }
                          return base + name + ".json";
                        })));
  }

  /**
   * The schema with a DVB id, skipping (or failing) the calling test when the files are not found.
   *
   * @param name e.g. {@code "css-cii.cii-1.1.1"}
   * @return the schema, with format assertions on
   */
  public static JsonSchema schema(String name) {
    return schema(name, true);
  }

  /**
   * The schema with a DVB id, skipping (or failing) the calling test when the files are not found.
   *
   * @param name e.g. {@code "css-cii.cii-1.1.1"}
   * @param formatAssertions whether {@code "format"} (e.g. {@code uri}) is checked
   * @return the schema
   */
  public static JsonSchema schema(String name, boolean formatAssertions) {
    Prerequisites.require(
        FACTORY != null,
        "DVB CSS schemas not found (looked for "
            + RELATIVE
            + " beside the checkout and in -D"
            + PROPERTY
            + ")",
        Prerequisites.CI,
        REQUIRED);
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().formatAssertionsEnabled(formatAssertions).build();
    return FACTORY.getSchema(SchemaLocation.of(ID_PREFIX + name), config);
  }

  /**
   * The schema's complaints about a JSON text.
   *
   * @param schema the schema
   * @param json the text
   * @return empty if valid, else the messages joined
   */
  public static Optional<String> problems(JsonSchema schema, String json) {
    Set<ValidationMessage> msgs = schema.validate(json, InputFormat.JSON);
    return msgs.isEmpty()
        ? Optional.empty()
        : Optional.of(
            msgs.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("; ")));
  }
}
