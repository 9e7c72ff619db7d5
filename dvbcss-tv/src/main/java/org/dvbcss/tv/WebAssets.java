package org.dvbcss.tv;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dvbcss.net.ws.HttpResource;
import org.dvbcss.net.ws.WebSocketServer;

/**
 * The files of the TV's web pages, served from the jar on the TV's WebSocket port: the TV's page at
 * {@code /}, the browser companion at {@code /companion}, and their scripts and style sheet under
 * {@code /web/}. Nothing is fetched from anywhere else: the pages need no network beyond the TV.
 *
 * <p>Each file is read from the class path once, when the TV starts; a file missing from the jar is
 * simply not served. Responses carry {@code Cache-Control: no-cache}, so a browser always sees the
 * files of the TV it is talking to.
 *
 * <p>Threading: immutable after construction; {@link #register} is called once, on the starting
 * thread, and the resources it registers may be served from any event loop.
 */
final class WebAssets {
  /** The TV's page. */
  static final String PAGE_PATH = "/";

  /** The browser companion's page. */
  static final String COMPANION_PATH = "/companion";

  /** Where the pages' scripts and style sheets are served. */
  static final String ASSET_PREFIX = "/web/";

  /** The class path folder the files are in. */
  private static final String FOLDER = "/org/dvbcss/tv/web/";

  /** The pages, by path, and the file each is. */
  private static final Map<String, String> PAGES =
      Map.of(PAGE_PATH, "index.html", COMPANION_PATH, "companion.html");

  /** The files under {@link #ASSET_PREFIX}. */
  static final List<String> ASSETS =
      List.of("tv.css", "tv.js", "plot.js", "companion.js", "css-clients.js", "player-sync.js");

  private WebAssets() {}

  /**
   * Registers every file found on the class path with a server builder.
   *
   * @param builder the TV's WebSocket server builder
   * @return the paths registered, in order
   */
  static List<String> register(WebSocketServer.Builder builder) {
    Map<String, String> files = new LinkedHashMap<>(PAGES);
    for (String asset : ASSETS) {
      files.put(ASSET_PREFIX + asset, asset);
    }
    List<String> served = new java.util.ArrayList<>();
    files.forEach(
        (path, file) -> {
          byte[] body = read(file);
          if (body != null) {
            HttpResource.Response response =
                new HttpResource.Response(200, contentType(file), Map.of(), body)
                    .withHeader("Cache-Control", "no-cache");
            builder.resource(path, request -> response);
            served.add(path);
          }
        });
    return List.copyOf(served);
  }

  /** The file's bytes, or null if it is not on the class path. */
  private static byte @org.jspecify.annotations.Nullable [] read(String file) {
    try (InputStream in = WebAssets.class.getResourceAsStream(FOLDER + file)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + FOLDER + file, e);
    }
  }

  /**
   * The content type of a file, by its extension.
   *
   * @param file a file name
   * @return e.g. {@code text/html; charset=utf-8}
   */
  static String contentType(String file) {
    if (file.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    if (file.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    if (file.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    if (file.endsWith(".svg")) {
      return "image/svg+xml";
    }
    return "application/octet-stream";
  }
}
