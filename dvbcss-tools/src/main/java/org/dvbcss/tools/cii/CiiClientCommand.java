package org.dvbcss.tools.cii;

import java.io.PrintWriter;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.X509TrustManager;
import org.dvbcss.net.cii.CiiClient;
import org.dvbcss.net.wsclient.WebSocketClientConfig;
import org.dvbcss.protocol.Deviation;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.CiiProperty;
import org.dvbcss.tools.LoggingOptions;
import org.dvbcss.tools.ReadModeOption;
import org.dvbcss.tools.RunLength;
import org.dvbcss.tools.StatusTicker;
import org.dvbcss.tools.TrustOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dvbcss cii-client}: follows a TV's CSS-CII state and prints what changes.
 *
 * <p>Not thread safe: one instance serves one run. Lines are printed from the connection's thread.
 */
@Command(
    name = "cii-client",
    mixinStandardHelpOptions = true,
    description = {
      "Connect to a CSS-CII server and print each change as 'property: old -> new'.",
      "",
      "With --json, one line per message received instead: the merged state, as CII JSON.",
      "Messages that deviate from the spec in a way with one sensible reading are read that way"
          + " and each kind is said once on standard error ('TV deviates from the spec: ..."
          + " (accepted)'); --strict rejects them instead. Invalid messages are reported on"
          + " standard error and ignored.",
      "Exits with status 1 if it ends without ever having received a valid CII message.",
      ""
    })
public final class CiiClientCommand implements Callable<Integer> {

  @Mixin private LoggingOptions logging;

  @Mixin private TrustOptions trust;

  @Mixin private ReadModeOption readMode;

  /** The state before the message being printed; confined to the connection's thread. */
  private Cii previous = Cii.empty();

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "URL",
      description = "The CII URL, e.g. ws://127.0.0.1:7681/cii.")
  private URI url;

  @Option(names = "--json", description = "Print the merged state after each message, as JSON.")
  private boolean json;

  @Option(
      names = "--duration",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description = "Stop after this many seconds; 0 runs until the server closes or Ctrl-C.")
  private double durationSeconds;

  @Override
  public Integer call() throws Exception {
    String scheme = url.getScheme();
    if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
      throw new ParameterException(spec.commandLine(), "URL must be ws:// or wss://, was " + url);
    }
    if (!(durationSeconds >= 0)) {
      throw new ParameterException(spec.commandLine(), "--duration must be >= 0");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CountDownLatch ended = new CountDownLatch(1);
    boolean[] connected = {false};
    AtomicLong valid = new AtomicLong();
    CiiClient.Listener printer =
        new CiiClient.Listener() {
          @Override
          public void connected() {
            connected[0] = true;
            if (!json) {
              out.println("connected to " + url);
              out.flush();
            }
          }

          @Override
          public void changed(Cii state, Set<CiiProperty> changed, Cii message) {
            valid.incrementAndGet();
            print(out, changed, state, message);
          }

          @Override
          public void deviations(Set<Deviation> kinds, String text) {
            readMode.firstSeen(kinds, err);
          }

          @Override
          public void protocolError(String text, ProtocolException error) {
            err.println("invalid CII message ignored: " + error.getMessage());
            err.flush();
          }

          @Override
          public void error(Throwable error) {
            err.println("cii-client: " + error.getMessage());
            err.flush();
            ended.countDown();
          }

          @Override
          public void disconnected(int code, String reason, boolean willReconnect) {
            if (!json) {
              out.println("disconnected: " + code + (reason.isEmpty() ? "" : " " + reason));
              out.flush();
            }
            ended.countDown();
          }
        };
    X509TrustManager trustManager = trust.trustManager();
    try (CiiClient client =
        CiiClient.builder(url)
            .readMode(readMode.mode())
            .listener(printer)
            .webSocket(
                trustManager == null
                    ? WebSocketClientConfig.defaults()
                    : WebSocketClientConfig.builder().trustManager(trustManager).build())
            .start()) {
      StatusTicker.run(RunLength.ofSeconds(durationSeconds), ended, null);
    }
    if (!connected[0] || valid.get() == 0) {
      err.println(
          connected[0]
              ? "cii-client: never received a valid CII message from " + url
              : "cii-client: never connected to " + url);
      err.flush();
      return 1;
    }
    return 0;
  }

  private void print(PrintWriter out, Set<CiiProperty> changed, Cii state, Cii message) {
    if (json) {
      out.println(state.encode());
    } else {
      for (CiiProperty property : changed) {
        out.println(
            property.wireName()
                + ": "
                + valueText(previous, property)
                + " -> "
                + valueText(state, property));
      }
    }
    previous = state;
    out.flush();
  }

  /** A property's value as JSON, {@code null}, or {@code (absent)}. */
  static String valueText(Cii cii, CiiProperty property) {
    if (cii.get(property).isAbsent()) {
      return "(absent)";
    }
    Cii.Builder only = cii.toBuilder();
    for (CiiProperty other : CiiProperty.values()) {
      if (other != property) {
        only.omit(other);
      }
    }
    String encoded = only.build().encode(); // {"name":VALUE}
    return encoded.substring(property.wireName().length() + 4, encoded.length() - 1);
  }
}
