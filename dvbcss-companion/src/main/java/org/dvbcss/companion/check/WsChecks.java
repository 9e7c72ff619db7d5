package org.dvbcss.companion.check;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.dvbcss.protocol.cii.TimelineOption;
import org.dvbcss.protocol.ts.SetupData;

/**
 * The WebSocket transport rules (R-WS-*), on the CII and TS endpoints. Stateless; each run on the
 * checker's thread.
 */
final class WsChecks {
  private static final long PONG_WAIT_NANOS = 2_000_000_000L;
  private static final long TS_WAIT_NANOS = 3_000_000_000L;
  private static final long RAPID_LIMIT_NANOS = 15_000_000_000L;

  private WsChecks() {}

  static void run(CheckContext ctx, HttpClient http) throws InterruptedException {
    CiiSnapshot cii = ctx.cii();
    ctx.report(
        RuleResult.of(
                Rules.WS_1,
                Status.PASS,
                "the CII handshake without an Origin header succeeded",
                "a handshake without Origin succeeds")
            .with("first_message_ms", cii.firstMessageNanos() / 1e6));
    String url = ctx.config().ciiUrl();
    URI uri = URI.create(url);
    boolean plain = "ws".equalsIgnoreCase(uri.getScheme());
    if (plain) {
      unknownPath(ctx, uri);
    } else {
      ctx.report(
          RuleResult.of(
              Rules.WS_2,
              Status.INFO,
              "not checked: the raw upgrade is only tried on ws://",
              Rules.WS_2.statement()));
    }
    ping(ctx, http, url);
    fragments(ctx, http, cii);
    rapid(ctx, http, uri, plain);
    ctx.report(
        RuleResult.of(
            Rules.WS_6,
            Status.INFO,
            "every connection so far was closed by the checker; the guided step that stops sync"
                + " grades how the TV closes",
            Rules.WS_6.statement()));
  }

  /**
   * Whether a connection ended without a close frame from the TV: TCP ended (-1), or the JDK
   * reported 1006, a code that is never sent in a close frame.
   */
  static boolean noCloseFrame(TextSocket.Ending end) {
    return end.code() < 0 || end.code() == 1006;
  }

  static InetSocketAddress address(URI uri) {
    int port = uri.getPort();
    if (port < 0) {
      port = "wss".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
    return new InetSocketAddress(uri.getHost(), port);
  }

  static String path(URI uri) {
    String p = uri.getRawPath();
    if (p == null || p.isEmpty()) {
      p = "/";
    }
    return uri.getRawQuery() == null ? p : p + "?" + uri.getRawQuery();
  }

  private static String upgrade(String path) {
    return "GET "
        + path
        + " HTTP/1.1\r\nHost: dvbcss\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  }

  /** The response head, or what came before the connection closed (empty if nothing). */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (head.size() < 8192) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      String s = head.toString(StandardCharsets.ISO_8859_1);
      if (s.endsWith("\r\n\r\n")) {
        break;
      }
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static int status(String head) {
    String line = head.split("\r\n", 2)[0];
    String[] parts = line.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      return -1;
    }
    try {
      return Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** R-WS-2: an upgrade to a path that does not exist. */
  private static void unknownPath(CheckContext ctx, URI uri) {
    String path = uri.getRawPath() + "-nonexistent-check";
    int timeoutMs = (int) Math.max(1, ctx.config().connectTimeout().toMillis());
    String expected = "an HTTP error status (4xx or 5xx) for an unknown path";
    try (Socket s = new Socket()) {
      s.connect(address(uri), timeoutMs);
      s.setSoTimeout(timeoutMs);
      OutputStream out = s.getOutputStream();
      out.write(upgrade(path).getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String head;
      String error = null;
      try {
        head = readHead(s.getInputStream());
      } catch (SocketTimeoutException e) {
        ctx.report(
            RuleResult.of(
                    Rules.WS_2,
                    Status.WARN,
                    "no answer within " + timeoutMs + " ms to an upgrade to " + path,
                    expected)
                .with("path", path));
        return;
      } catch (IOException e) {
        head = "";
        error = e.toString();
      }
      int code = status(head);
      String line = head.split("\r\n", 2)[0];
      if (code >= 400 && code <= 599) {
        ctx.report(
            RuleResult.of(Rules.WS_2, Status.PASS, "refused with \"" + line + "\"", expected)
                .with("path", path)
                .with("http_status", code));
      } else if (code == 101) {
        ctx.report(
            RuleResult.of(
                    Rules.WS_2,
                    Status.INFO,
                    "not checked: the TV accepted an upgrade to the unknown path " + path,
                    expected)
                .with("path", path));
      } else if (code < 0) {
        ctx.report(
            RuleResult.of(
                    Rules.WS_2,
                    Status.WARN,
                    "the TV closed TCP with no HTTP status line"
                        + (error == null ? "" : " (" + error + ")")
                        + " on an upgrade to "
                        + path,
                    expected)
                .with("path", path)
                .with("received", CiiMessageRules.quote(head)));
      } else {
        ctx.report(
            RuleResult.of(
                    Rules.WS_2,
                    Status.WARN,
                    "answered \"" + line + "\" to an upgrade to an unknown path",
                    expected)
                .with("path", path)
                .with("http_status", code));
      }
    } catch (IOException e) {
      ctx.report(
          RuleResult.of(
                  Rules.WS_2, Status.WARN, "the upgrade to " + path + " failed: " + e, expected)
              .with("path", path));
    }
  }

  /** R-WS-3: a ping on CII is answered with the same payload. */
  private static void ping(CheckContext ctx, HttpClient http, String url)
      throws InterruptedException {
    String expected = "a pong with the ping's payload within 2 s";
    byte[] payload = new byte[8];
    new Random().nextBytes(payload);
    TextSocket s;
    try {
      s = TextSocket.open(http, url, ctx.config().connectTimeout());
    } catch (TextSocket.Refused e) {
      ctx.report(
          RuleResult.of(
              Rules.WS_3,
              Status.FAIL,
              "could not connect for a ping: " + e.getMessage(),
              expected));
      return;
    }
    try {
      long sent = System.nanoTime();
      s.ping(ByteBuffer.wrap(payload.clone()));
      ByteBuffer pong = s.pong(PONG_WAIT_NANOS);
      double ms = (System.nanoTime() - sent) / 1e6;
      if (pong == null) {
        ctx.report(
            RuleResult.of(Rules.WS_3, Status.FAIL, "no pong within 2 s", expected)
                .with("payload_hex", hex(payload)));
        return;
      }
      byte[] got = new byte[pong.remaining()];
      pong.get(got);
      boolean same = Arrays.equals(got, payload);
      ctx.report(
          RuleResult.of(
                  Rules.WS_3,
                  same ? Status.PASS : Status.FAIL,
                  same ? String.format("pong after %.1f ms", ms) : "the pong's payload differs",
                  expected)
              .with("payload_hex", hex(payload))
              .with("pong_hex", hex(got))
              .with("rtt_ms", ms));
    } catch (IOException e) {
      ctx.report(RuleResult.of(Rules.WS_3, Status.FAIL, "ping failed: " + e, expected));
    } finally {
      s.close();
    }
  }

  /** R-WS-4: a TS setup sent in three fragments is answered; or, without TS, CII survives. */
  private static void fragments(CheckContext ctx, HttpClient http, CiiSnapshot cii)
      throws InterruptedException {
    String expected = "a message sent in several fragments is reassembled";
    List<TimelineOption> timelines = cii.timelines();
    if (cii.tsUrl().isPresent() && !timelines.isEmpty()) {
      String ts = ctx.reachable(cii.tsUrl().get());
      String selector = timelines.get(0).timelineSelector();
      String setup = new SetupData(cii.contentId().orElse(""), selector).encode();
      TextSocket s;
      try {
        s = TextSocket.open(http, ts, ctx.config().connectTimeout());
      } catch (TextSocket.Refused e) {
        ctx.report(
            RuleResult.of(
                Rules.WS_4,
                Status.INFO,
                "not checked: could not connect to CSS-TS at " + ts + ": " + e.getMessage(),
                expected));
        return;
      }
      try {
        int third = Math.max(1, setup.length() / 3);
        s.send(setup.substring(0, third), false);
        s.send(setup.substring(third, 2 * third), false);
        s.send(setup.substring(2 * third), true);
        long deadline = System.nanoTime() + TS_WAIT_NANOS;
        TextSocket.Message reply = null;
        while (reply == null && System.nanoTime() < deadline) {
          TextSocket.Message m = s.next(deadline - System.nanoTime());
          if (m != null
              && CiiMessageRules.properties(m.text())
                  .map(p -> p.containsKey("contentTime"))
                  .orElse(false)) {
            reply = m;
          }
        }
        TextSocket.Ending end = s.ending(0);
        RuleResult r =
            reply != null
                ? RuleResult.of(
                    Rules.WS_4,
                    Status.PASS,
                    "a setup sent in 3 fragments was answered with a control timestamp",
                    expected)
                : RuleResult.of(
                    Rules.WS_4,
                    Status.WARN,
                    "no control timestamp within 3 s of a setup sent in 3 fragments"
                        + (end == null ? "" : "; the connection ended with code " + end.code()),
                    expected);
        ctx.report(
            r.with("tsUrl", ts)
                .with(
                    "fragments",
                    List.of(
                        setup.substring(0, third),
                        setup.substring(third, 2 * third),
                        setup.substring(2 * third)))
                .with("reply", reply == null ? null : CiiMessageRules.quote(reply.text())));
      } catch (IOException e) {
        ctx.report(
            RuleResult.of(Rules.WS_4, Status.WARN, "sending fragments failed: " + e, expected));
      } finally {
        s.close();
      }
      return;
    }
    TextSocket s;
    try {
      s = TextSocket.open(http, ctx.config().ciiUrl(), ctx.config().connectTimeout());
    } catch (TextSocket.Refused e) {
      ctx.report(
          RuleResult.of(
              Rules.WS_4, Status.INFO, "not checked: no CSS-TS, and CII refused", expected));
      return;
    }
    try {
      s.send("{\"junk\":", false);
      s.send("\"in fragments", false);
      s.send("\"}", true);
      TextSocket.Ending end = s.ending(1_000_000_000L);
      ctx.report(
          RuleResult.of(
              Rules.WS_4,
              end == null ? Status.PASS : Status.WARN,
              end == null
                  ? "no CSS-TS to try; a client message sent to CII in 3 fragments did not break"
                      + " the connection"
                  : "CII ended the connection (code "
                      + end.code()
                      + ") after a message sent in 3 fragments",
              expected));
    } catch (IOException e) {
      ctx.report(
          RuleResult.of(Rules.WS_4, Status.WARN, "sending fragments failed: " + e, expected));
    } finally {
      s.close();
    }
  }

  /** R-WS-5: many rapid connection attempts, aborted, then a fresh connection still works. */
  private static void rapid(CheckContext ctx, HttpClient http, URI uri, boolean plain)
      throws InterruptedException {
    int n = ctx.config().rapidConnections();
    String expected = "a correct first CII message on a fresh connection after " + n + " aborts";
    int done = 0;
    int refused = 0;
    int timeoutMs = (int) Math.max(1, ctx.config().connectTimeout().toMillis());
    long start = System.nanoTime();
    if (plain && n > 0) {
      ctx.progress(n + " rapid connection attempts to CSS-CII");
      InetSocketAddress addr = address(uri);
      String path = path(uri);
      byte[] request = upgrade(path).getBytes(StandardCharsets.ISO_8859_1);
      byte[] partial = Arrays.copyOf(request, Math.max(1, request.length / 2));
      for (int i = 0; i < n && System.nanoTime() - start < RAPID_LIMIT_NANOS; i++) {
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        done++;
        try (Socket s = new Socket()) {
          s.connect(addr, timeoutMs);
          s.setSoTimeout(timeoutMs);
          s.setSoLinger(true, 0);
          switch (i % 3) {
            case 0 -> {}
            case 1 -> {
              s.getOutputStream().write(partial);
              s.getOutputStream().flush();
            }
            default -> {
              s.getOutputStream().write(request);
              s.getOutputStream().flush();
              if (status(readHead(s.getInputStream())) != 101) {
                refused++;
              }
            }
          }
        } catch (IOException e) {
          refused++;
        }
      }
    }
    double elapsedMs = (System.nanoTime() - start) / 1e6;
    TextSocket s;
    try {
      s = TextSocket.open(http, ctx.config().ciiUrl(), ctx.config().connectTimeout());
    } catch (TextSocket.Refused e) {
      ctx.report(
          evidence(
              RuleResult.of(
                  Rules.WS_5,
                  Status.FAIL,
                  "after the attempts a fresh connection was refused: " + e.getMessage(),
                  expected),
              done,
              refused,
              elapsedMs));
      return;
    }
    try {
      TextSocket.Message m = s.next(CiiChecks.FIRST_MESSAGE_LIMIT_NANOS);
      // correct: it breaks no rule the TV's original first message kept
      boolean good =
          m != null
              && CiiChecks.failedRules(m.text())
                  .equals(CiiChecks.failedRules(ctx.cii().firstText()));
      String what =
          m == null
              ? "no first message within 5 s on a fresh connection"
              : good
                  ? "a fresh connection got a correct first message"
                  : "a fresh connection got a broken first message: "
                      + CiiMessageRules.quote(m.text());
      ctx.report(
          evidence(
              RuleResult.of(
                  Rules.WS_5,
                  good ? Status.PASS : Status.FAIL,
                  what
                      + " after "
                      + done
                      + " aborted attempts ("
                      + refused
                      + " refused) in "
                      + Math.round(elapsedMs)
                      + " ms",
                  expected),
              done,
              refused,
              elapsedMs));
    } finally {
      s.close();
    }
  }

  private static RuleResult evidence(RuleResult r, int done, int refused, double elapsedMs) {
    return r.with("attempts", done).with("refused", refused).with("elapsed_ms", elapsedMs);
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format("%02x", x));
    }
    return sb.toString();
  }
}
