package org.dvbcss.tools;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dvbcss.net.ws.WebSocketSecurity;
import org.dvbcss.net.ws.WebSocketServerConfig;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of the tools that serve WebSocket ({@code cii-server}, {@code ts-server}, {@code
 * tv}): {@code --origin} (repeatable) and {@code --tls-cert}/{@code --tls-key}. Add with
 * {@code @Mixin WebSocketSecurityOptions security;}. Not thread safe; used once, on the main
 * thread.
 */
public final class WebSocketSecurityOptions {
  @Spec(Spec.Target.MIXEE)
  private @Nullable CommandSpec mixee;

  @Option(
      names = "--origin",
      paramLabel = "ORIGIN",
      description =
          "Accept WebSocket handshakes only from this web origin (scheme://host[:port], or null),"
              + " or with no Origin header (native apps); repeatable. Others get HTTP 403."
              + " Default: every origin.")
  private List<String> origins = new ArrayList<>();

  @Option(
      names = "--tls-cert",
      paramLabel = "PEM",
      description = "Serve wss:// with this PEM certificate chain (needs --tls-key).")
  private @Nullable Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "PEM",
      description = "The private key of --tls-cert: PEM, unencrypted PKCS#8.")
  private @Nullable Path tlsKey;

  /** For picocli. */
  public WebSocketSecurityOptions() {}

  /**
   * What the options ask for.
   *
   * @return the security settings
   * @throws ParameterException if only one of --tls-cert and --tls-key is given, or an --origin is
   *     not an origin
   */
  public WebSocketSecurity security() {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw usage("--tls-cert and --tls-key go together: give both or neither");
    }
    try {
      WebSocketSecurity security = new WebSocketSecurity(origins, tlsCert, tlsKey);
      security.applyTo(WebSocketServerConfig.builder()); // checks the origins
      return security;
    } catch (IllegalArgumentException e) {
      throw usage("--origin: " + e.getMessage());
    }
  }

  private RuntimeException usage(String message) {
    if (mixee == null) {
      return new IllegalArgumentException(message);
    }
    return new ParameterException(mixee.commandLine(), message);
  }
}
