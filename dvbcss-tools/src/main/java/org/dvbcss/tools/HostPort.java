package org.dvbcss.tools;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code HOST:PORT} (an IPv6 host in brackets, {@code [::1]:1900}) as a resolved socket
 * address, for options such as {@code --ssdp-address} and {@code --search-address}. Stateless.
 */
public final class HostPort implements ITypeConverter<InetSocketAddress> {
  /** Creates the converter (picocli calls this). */
  public HostPort() {}

  @Override
  public InetSocketAddress convert(String value) {
    return parse(value);
  }

  /**
   * Reads a value.
   *
   * @param value {@code HOST:PORT}
   * @return the resolved address
   * @throws TypeConversionException if it is not {@code HOST:PORT} or the host is unknown
   */
  public static InetSocketAddress parse(String value) {
    String v = value.strip();
    int colon = v.lastIndexOf(':');
    if (colon <= 0 || colon == v.length() - 1) {
      throw new TypeConversionException("expected HOST:PORT but was '" + value + "'");
    }
    String host = v.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new TypeConversionException("an IPv6 host needs brackets: [" + host + "]:PORT");
    }
    int port;
    try {
      port = Integer.parseInt(v.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new TypeConversionException("not a port number in '" + value + "'");
    }
    if (port < 0 || port > 65535) {
      throw new TypeConversionException("port out of range in '" + value + "'");
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw new TypeConversionException("unknown host in '" + value + "'");
    }
  }
}
