package org.dvbcss.net.ws;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link WebSocketServer} is secured: an optional {@code Origin} allow-list and optional TLS
 * from PEM files, as one value to hand to whatever starts the server. Immutable; thread safe.
 *
 * @param origins the allowed origins; empty for no allow-list (every origin allowed)
 * @param tlsCertificate the PEM certificate chain for {@code wss://}, or null for plain {@code
 *     ws://}
 * @param tlsKey the PEM (PKCS#8) private key, given exactly when {@code tlsCertificate} is
 */
public record WebSocketSecurity(
    List<String> origins, @Nullable Path tlsCertificate, @Nullable Path tlsKey) {
  /** No allow-list, no TLS: the server's defaults. */
  public static final WebSocketSecurity NONE = new WebSocketSecurity(List.of(), null, null);

  /**
   * Checks and copies.
   *
   * @throws IllegalArgumentException if only one of the certificate and the key is given
   */
  public WebSocketSecurity {
    origins = List.copyOf(origins);
    if ((tlsCertificate == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("give both a TLS certificate and its key, or neither");
    }
  }

  /**
   * Whether the server speaks TLS.
   *
   * @return true with a certificate and key
   */
  public boolean isTls() {
    return tlsCertificate != null;
  }

  /**
   * The scheme of the server's URLs.
   *
   * @return {@code wss} with TLS, else {@code ws}
   */
  public String scheme() {
    return isTls() ? "wss" : "ws";
  }

  /**
   * Sets the origins and TLS of a server config accordingly.
   *
   * @param builder the builder
   * @return the builder
   * @throws IllegalArgumentException if an origin is not an origin
   */
  public WebSocketServerConfig.Builder applyTo(WebSocketServerConfig.Builder builder) {
    if (!origins.isEmpty()) {
      builder.allowedOrigins(origins);
    }
    if (tlsCertificate != null) {
      builder.tls(tlsCertificate, Objects.requireNonNull(tlsKey));
    }
    return builder;
  }
}
