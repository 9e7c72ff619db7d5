package org.dvbcss.tools.wc;

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
      description = "The server's address or name, or udp://host:port (a TV's wcUrl).")
  private String hostArgument = "";

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "PORT",
      description = "The server's UDP port (default: 6677).")
  private @Nullable Integer portArgument;

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
