package org.dvbcss.tools.wc;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The positional arguments of the commands that talk to one CSS-WC server: {@code HOST [PORT]}, or
 * one {@code udp://host[:port]} argument (a TV's {@code wcUrl}), read by {@link WcServerArgs}. A
 * picocli mixin.
 *
 * <p>Not thread safe: picocli sets it while parsing, the command then reads it.
 */
public final class WcServerParameters {
  @Spec(Spec.Target.MIXEE)
  private @Nullable CommandSpec mixee;

  @Parameters(
      index = "0",
      paramLabel = "HOST",
      description =
          "The server's address or name, or udp://host:port (a TV's wcUrl); for wc-client also"
              + " ws://host:port/wc (CSS-WC over WebSocket).")
  private String hostArgument = "";

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "PORT",
      description = "The server's UDP port (default: 6677).")
  private @Nullable Integer portArgument;

  /**
   * The CSS-WC over WebSocket URL the arguments name, for a command that accepts one.
   *
   * @return the {@code ws://} or {@code wss://} URL given as the only argument, or null if the
   *     arguments name a UDP server
   * @throws ParameterException if such a URL is followed by a port or is not a valid URL
   * @throws IllegalStateException if picocli has not set the mixin up
   */
  public @Nullable URI webSocketUrl() {
    if (mixee == null) {
      throw new IllegalStateException("not parsed by picocli");
    }
    String lower = hostArgument.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("ws://") && !lower.startsWith("wss://")) {
      return null;
    }
    if (portArgument != null) {
      throw new ParameterException(
          mixee.commandLine(), "Give the server as ws://host:port/wc alone, without a PORT");
    }
    try {
      URI uri = new URI(hostArgument);
      if (uri.getHost() == null) {
        throw new URISyntaxException(hostArgument, "no host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ParameterException(mixee.commandLine(), "Not a WebSocket URL: " + hostArgument);
    }
  }

  /**
   * The server the arguments name.
   *
   * @return its host and UDP port
   * @throws ParameterException if the arguments are invalid (see {@link WcServerArgs#read})
   * @throws IllegalStateException if picocli has not set the mixin up
   */
  public WcServerArgs server() {
    if (mixee == null) {
      throw new IllegalStateException("not parsed by picocli");
    }
    return WcServerArgs.read(mixee, hostArgument, portArgument);
  }
}
