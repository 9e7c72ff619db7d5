package org.dvbcss.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * Answers {@code --version} with the project version Maven wrote into {@code version.properties}
 * and the running Java version, e.g. {@code dvbcss 0.1.0-SNAPSHOT (Java 17.0.15)}.
 *
 * <p>Stateless and thread safe.
 */
public final class VersionProvider implements IVersionProvider {
  private static final String RESOURCE = "version.properties";

  /** For picocli. */
  public VersionProvider() {}

  @Override
  public String[] getVersion() {
    return new String[] {
      "dvbcss " + projectVersion() + " (Java " + System.getProperty("java.version") + ")"
    };
  }

  /**
   * The project version this build was made from.
   *
   * @return e.g. {@code 0.1.0-SNAPSHOT}, or {@code unknown} if the resource is missing
   */
  public static String projectVersion() {
    try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
