package org.dvbcss.tools;

import java.io.IOException;
import java.nio.file.Path;
import javax.net.ssl.X509TrustManager;
import org.dvbcss.net.wsclient.TrustedCertificates;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The {@code --trust-cert} option of the tools that connect over WebSocket ({@code cii-client},
 * {@code ts-client}, {@code companion}): trust a TV's own certificate for {@code wss://}. Add with
 * {@code @Mixin TrustOptions trust;}. Not thread safe; used once, on the main thread.
 */
public final class TrustOptions {
  @Option(
      names = "--trust-cert",
      paramLabel = "PEM",
      description =
          "For wss://: trust the certificates in this PEM file (e.g. the TV's self-signed one)"
              + " instead of the system's. Host names are still checked.")
  private @Nullable Path trustCert;

  /** For picocli. */
  public TrustOptions() {}

  /**
   * The trust manager the option asks for.
   *
   * @return one trusting the file's certificates, or null for the system's trust store
   * @throws IOException if the file cannot be read or holds no certificate
   */
  public @Nullable X509TrustManager trustManager() throws IOException {
    return trustCert == null ? null : TrustedCertificates.fromFile(trustCert);
  }
}
