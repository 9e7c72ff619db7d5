package org.dvbcss.tools.netsim;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.dvbcss.tools.HostPort;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code LISTEN=TARGET} value of {@code --udp} and {@code --tcp}: {@code LISTEN} is {@code
 * HOST:PORT} or a bare port on 127.0.0.1 (loopback unless an address is given; port 0 picks a free
 * one), {@code TARGET} is {@code HOST:PORT}. An immutable value.
 *
 * @param listen where the proxy listens
 * @param target where it forwards
 */
public record RouteSpec(InetSocketAddress listen, InetSocketAddress target) {

  /**
   * Reads a value.
   *
   * @param value e.g. {@code 6677=192.168.1.20:6677} or {@code 0.0.0.0:7681=tv:7681}
   * @return the route
   * @throws TypeConversionException if either side is malformed
   */
  public static RouteSpec parse(String value) {
    int eq = value.indexOf('=');
    if (eq <= 0 || eq == value.length() - 1) {
      throw new TypeConversionException(
          "expected LISTEN=TARGET (e.g. 6677=192.168.1.20:6677) but was '" + value + "'");
    }
    String listen = value.substring(0, eq).strip();
    InetSocketAddress l;
    if (listen.matches("\\d+")) {
      int port = Integer.parseInt(listen);
      if (port > 65535) {
        throw new TypeConversionException("port out of range in '" + value + "'");
      }
      l = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    } else {
      l = HostPort.parse(listen);
    }
    return new RouteSpec(l, HostPort.parse(value.substring(eq + 1)));
  }

  /** Reads {@code LISTEN=TARGET} for picocli. */
  public static final class Converter implements ITypeConverter<RouteSpec> {
    /** Creates the converter (picocli calls this). */
    public Converter() {}

    @Override
    public RouteSpec convert(String value) {
      return parse(value);
    }
  }
}
