package org.dvbcss.net.wsclient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Trust managers for {@code wss://} that trust given certificates instead of the system's, for
 * example a TV's self-signed certificate: pass the result to {@link
 * WebSocketClientConfig.Builder#trustManager}. Host names are still checked against the
 * certificate.
 *
 * <p>Thread safe (stateless); the trust managers it returns are thread safe.
 */
public final class TrustedCertificates {
  private TrustedCertificates() {}

  /**
   * A trust manager that trusts the X.509 certificates in a file, and only those (as trust anchors:
   * a server certificate they signed, or one of them itself).
   *
   * @param file PEM ({@code -----BEGIN CERTIFICATE-----}, one or more) or DER
   * @return the trust manager
   * @throws IOException if the file cannot be read or holds no certificate; the message names it
   */
  public static X509TrustManager fromFile(Path file) throws IOException {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(file)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read certificates from " + file + ": " + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new IOException("no certificate in " + file);
    }
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("trusted-" + i++, certificate);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager x509) {
          return x509;
        }
      }
      throw new IOException("no X.509 trust manager available");
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot trust the certificates in " + file + ": " + e, e);
    }
  }
}
