package org.dvbcss.net.ws.internal;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;

/** Where a server's TLS key and certificates come from. Immutable. */
public sealed interface TlsSource {
  /**
   * Reads the files and builds a server TLS context on the JDK's TLS implementation.
   *
   * @return the context
   * @throws IOException if a file cannot be read or holds no usable key or certificate; the message
   *     names the file
   */
  SslContext load() throws IOException;

  /**
   * PEM files.
   *
   * @param certificateChain the certificate chain, server certificate first
   * @param privateKey the unencrypted PKCS#8 private key
   */
  record Pem(Path certificateChain, Path privateKey) implements TlsSource {
    @Override
    public SslContext load() throws IOException {
      requireReadable(certificateChain);
      requireReadable(privateKey);
      try {
        return SslContextBuilder.forServer(certificateChain.toFile(), privateKey.toFile())
            .sslProvider(SslProvider.JDK)
            .build();
      } catch (IllegalArgumentException | IOException e) {
        throw new IOException(
            "cannot use TLS certificate "
                + certificateChain
                + " with key "
                + privateKey
                + " (PEM; the key unencrypted PKCS#8): "
                + rootMessage(e)
                + hint(privateKey),
            e);
      }
    }
  }

  /**
   * A PKCS#12 key store.
   *
   * @param file the store
   * @param password the store and key password
   */
  record KeyStoreFile(Path file, char[] password) implements TlsSource {
    @Override
    public SslContext load() throws IOException {
      requireReadable(file);
      try (InputStream in = Files.newInputStream(file)) {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(in, password);
        KeyManagerFactory kmf =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password);
        return SslContextBuilder.forServer(kmf).sslProvider(SslProvider.JDK).build();
      } catch (GeneralSecurityException | IllegalArgumentException | IOException e) {
        throw new IOException(
            "cannot use TLS key store " + file + " (PKCS#12): " + rootMessage(e), e);
      }
    }
  }

  /** Advice for a key in a format the JDK cannot read, or "". */
  private static String hint(Path privateKey) {
    String text;
    try {
      text = Files.readString(privateKey, StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      return "";
    }
    if (text.contains("-----BEGIN RSA PRIVATE KEY-----")
        || text.contains("-----BEGIN EC PRIVATE KEY-----")
        || text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      return "; this key is PKCS#1, SEC1 or encrypted: convert it with"
          + " 'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8.pem'";
    }
    return "";
  }

  private static void requireReadable(Path file) throws IOException {
    if (!Files.isReadable(file)) {
      throw new IOException("cannot read " + file);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
