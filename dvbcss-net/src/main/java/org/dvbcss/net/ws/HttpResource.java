package org.dvbcss.net.ws;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A plain HTTP resource served by a {@link WebSocketServer} at a path of its own, next to the
 * WebSocket endpoints (for example a DIAL device description). {@code GET} and {@code HEAD} call
 * {@link #serve}; {@code HEAD} sends the headers only. {@code OPTIONS} with an {@code Origin} is
 * answered by the server itself as a CORS preflight (204 with {@code Access-Control-Allow-Origin}
 * echoing the origin and {@code Access-Control-Allow-Methods: GET, HEAD, OPTIONS}); other methods
 * get 405. The connection is closed after each response.
 *
 * <p>Called on one of the server's event loops: it must not block. If it throws, the client gets
 * 500 and the server carries on.
 */
@FunctionalInterface
public interface HttpResource {
  /**
   * Answers one request.
   *
   * @param request the request
   * @return the response
   * @throws Exception anything; the client then gets 500
   */
  Response serve(Request request) throws Exception;

  /**
   * One HTTP request, as far as a resource needs it.
   *
   * @param method the method, e.g. {@code GET}
   * @param path the path without the query string
   * @param headers the headers, keyed by lower-case name, each with its values in order
   * @param localAddress the server address the client connected to (on a server bound to every
   *     interface, the one the client dialled)
   * @param remoteAddress the client's address
   */
  record Request(
      String method,
      String path,
      Map<String, List<String>> headers,
      InetSocketAddress localAddress,
      InetSocketAddress remoteAddress) {
    /** Copies the headers. */
    public Request {
      Map<String, List<String>> copy = new LinkedHashMap<>();
      headers.forEach((k, v) -> copy.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
      headers = Map.copyOf(copy);
    }

    /**
     * The first value of a header.
     *
     * @param name the header's name, any case
     * @return the value, or null when absent
     */
    public @Nullable String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * The {@code Host} header.
     *
     * @return the value, e.g. {@code 10.0.0.5:7681}, or null when absent
     */
    public @Nullable String host() {
      return header("host");
    }
  }

  /**
   * One HTTP response.
   *
   * @param status the status code, 100 to 599
   * @param contentType the {@code Content-Type}, or null for none
   * @param headers further headers, by name (a {@code Content-Length} here is ignored: the server
   *     sets it)
   * @param body the body bytes (not copied: do not change them afterwards)
   */
  record Response(
      int status, @Nullable String contentType, Map<String, String> headers, byte[] body) {
    /** Validates and copies the headers. */
    public Response {
      if (status < 100 || status > 599) {
        throw new IllegalArgumentException("status out of range: " + status);
      }
      headers = Map.copyOf(headers);
      Objects.requireNonNull(body, "body");
    }

    /**
     * A 200 response with a UTF-8 text body.
     *
     * @param contentType the {@code Content-Type}, e.g. {@code text/xml; charset=utf-8}
     * @param text the body
     * @return the response
     */
    public static Response ok(String contentType, String text) {
      return new Response(200, contentType, Map.of(), text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A copy with one more header.
     *
     * @param name the header's name
     * @param value its value
     * @return the new response
     */
    public Response withHeader(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new Response(status, contentType, more, body);
    }
  }
}
