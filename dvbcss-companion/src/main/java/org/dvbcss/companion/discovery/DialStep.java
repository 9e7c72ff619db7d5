package org.dvbcss.companion.discovery;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What one HTTP step of DIAL discovery observed: a {@code GET} of the device description or of the
 * HbbTV application resource, or an {@code OPTIONS} preflight. Redirects are followed by hand (up
 * to 10) and recorded, since DIAL forbids them.
 *
 * @param method the method, {@code GET} or {@code OPTIONS}
 * @param url the URL first requested
 * @param finalUrl the URL of the last response (differs from {@code url} after redirects)
 * @param redirects the {@code Location}s followed, in order (empty when there was no redirect)
 * @param status the last response's status code, or -1 when no response came
 * @param contentType the last response's {@code Content-Type}, or null
 * @param headers the last response's headers, keyed by lower-case name
 * @param body the last response's body as text, or null when no response came
 * @param elapsedNanos from sending the first request to the last response (or the failure), ns
 * @param error why the step failed (no response, timeout, too many redirects), or null
 */
public record DialStep(
    String method,
    String url,
    String finalUrl,
    List<String> redirects,
    int status,
    @Nullable String contentType,
    Map<String, List<String>> headers,
    @Nullable String body,
    long elapsedNanos,
    @Nullable String error) {
  /** Copies the lists and the headers. */
  public DialStep {
    redirects = List.copyOf(redirects);
    Map<String, List<String>> copy = new TreeMap<>();
    headers.forEach((k, v) -> copy.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    headers = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * Whether at least one redirect was followed.
   *
   * @return true after a redirect
   */
  public boolean redirected() {
    return !redirects.isEmpty();
  }

  /**
   * Whether a 200 response came.
   *
   * @return true on 200
   */
  public boolean ok() {
    return status == 200;
  }

  /**
   * The first value of a response header.
   *
   * @param name any case
   * @return the value, or null
   */
  public @Nullable String header(String name) {
    List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
    return v == null || v.isEmpty() ? null : v.get(0);
  }
}
