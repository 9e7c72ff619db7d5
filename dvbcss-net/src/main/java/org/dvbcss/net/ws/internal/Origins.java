package org.dvbcss.net.ws.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An allow-list of web origins (RFC 6454), compared as serialized origins: {@code
 * scheme://host[:port]} with scheme and host in lower case and the scheme's default port (80 for
 * http and ws, 443 for https and wss) left out. The opaque origin {@code null} matches only if
 * listed as {@code null}. Immutable; thread safe.
 */
public final class Origins {
  /** The opaque origin a browser sends for sandboxed frames, {@code file:} pages and the like. */
  public static final String NULL = "null";

  private final Set<String> allowed;

  private Origins(Set<String> allowed) {
    this.allowed = allowed;
  }

  /**
   * An allow-list.
   *
   * @param origins origins such as {@code https://app.example.com} or {@code null}
   * @return the list, normalised
   * @throws IllegalArgumentException if one is not an origin (a path, query, user info, no host)
   */
  public static Origins of(Collection<String> origins) {
    Set<String> set = new LinkedHashSet<>();
    for (String origin : origins) {
      String normal = normalise(origin);
      if (normal == null) {
        throw new IllegalArgumentException(
            "not an origin (scheme://host[:port], or null): '" + origin + "'");
      }
      set.add(normal);
    }
    return new Origins(Set.copyOf(set));
  }

  /**
   * Whether an {@code Origin} header value is on the list.
   *
   * @param header the header's value
   * @return true if its serialized origin is listed; false if not, or if it is not an origin
   */
  public boolean allows(String header) {
    String normal = normalise(header);
    return normal != null && allowed.contains(normal);
  }

  /**
   * The listed origins, normalised.
   *
   * @return an unmodifiable set
   */
  public Set<String> allowed() {
    return allowed;
  }

  /**
   * The serialized origin of a text, or null if it is not one.
   *
   * @param text e.g. {@code HTTPS://Example.com:443}
   * @return e.g. {@code https://example.com}, or {@code null} (the string) for the opaque origin,
   *     or Java null if the text is not an origin
   */
  static @Nullable String normalise(String text) {
    String t = text.strip();
    if (t.equals(NULL)) {
      return NULL;
    }
    URI uri;
    try {
      uri = new URI(t);
    } catch (URISyntaxException e) {
      return null;
    }
    String scheme = uri.getScheme();
    String host = uri.getHost();
    if (scheme == null
        || host == null
        || uri.getRawUserInfo() != null
        || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      return null;
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    host = host.toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    if (port == defaultPort(scheme)) {
      port = -1;
    }
    return scheme + "://" + host + (port < 0 ? "" : ":" + port);
  }

  private static int defaultPort(String scheme) {
    return switch (scheme) {
      case "http", "ws" -> 80;
      case "https", "wss" -> 443;
      default -> -1;
    };
  }
}
