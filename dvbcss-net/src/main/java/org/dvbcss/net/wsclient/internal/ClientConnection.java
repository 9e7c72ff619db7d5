package org.dvbcss.net.wsclient.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.ssl.SslContext;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import org.dvbcss.net.internal.ReadStamp;
import org.jspecify.annotations.Nullable;

/**
 * One attempt to connect a WebSocket client, and the connection it opens: the bootstrap, the TLS,
 * HTTP and WebSocket handshakes, and the channel. Its outcome goes to the {@link ConnectionEvents}
 * it was given: {@link ConnectionEvents#failedToOpen} if the attempt fails, else {@link
 * ConnectionEvents#opened}, messages, and one {@link ConnectionEvents#closed}. Reconnection is not
 * its business (see {@link Reconnector}).
 *
 * <p>Threading: created and ended on its event loop; {@link #isOpen()} and {@link #send} may be
 * called from any thread. Events are delivered on the loop.
 */
public final class ClientConnection {
  private final ConnectionHandler handler;
  private final Channel channel;

  /**
   * Where a {@code ws://} or {@code wss://} URL points.
   *
   * @param uri the URL
   * @param host its host, without IPv6 brackets
   * @param port its port, or 80 ({@code ws}) or 443 ({@code wss}) when it has none
   * @param tls whether the scheme is {@code wss}
   */
  public record Target(URI uri, String host, int port, boolean tls) {
    /** Checks. */
    public Target {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(host, "host");
    }

    /**
     * Reads a URL.
     *
     * @param uri a {@code ws://} or {@code wss://} URL with a host
     * @return the target
     * @throws IllegalArgumentException if it is not one
     */
    public static Target of(URI uri) {
      Objects.requireNonNull(uri, "uri");
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("ws") && !scheme.equals("wss")) {
        throw new IllegalArgumentException("not a ws:// or wss:// URL: " + uri);
      }
      String h = uri.getHost();
      if (h == null || h.isEmpty()) {
        throw new IllegalArgumentException("no host in " + uri);
      }
      if (h.startsWith("[") && h.endsWith("]")) {
        h = h.substring(1, h.length() - 1);
      }
      boolean tls = scheme.equals("wss");
      return new Target(uri, h, uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80, tls);
    }
  }

  private ClientConnection(ConnectionHandler handler, Channel channel) {
    this.handler = handler;
    this.channel = channel;
  }

  /**
   * Begins an attempt; call on {@code loop}.
   *
   * @param loop the event loop the connection runs on
   * @param channelType a socket channel class the loop accepts
   * @param target where to connect
   * @param ssl the client TLS context for {@code wss://}, or null for {@code ws://}
   * @param maxFrameBytes the largest message accepted, bytes
   * @param connectTimeoutNanos the limit for the TCP connection and again for the handshakes
   * @param pingIntervalNanos how often to ping while open, 0 for never
   * @param events told of the outcome, on the loop
   * @return the attempt
   */
  public static ClientConnection open(
      EventLoop loop,
      Class<? extends SocketChannel> channelType,
      Target target,
      @Nullable SslContext ssl,
      int maxFrameBytes,
      long connectTimeoutNanos,
      long pingIntervalNanos,
      ConnectionEvents events) {
    ConnectionHandler handler =
        new ConnectionHandler(
            new ClientHandshaker(target.uri(), maxFrameBytes),
            events,
            maxFrameBytes,
            connectTimeoutNanos,
            pingIntervalNanos);
    Bootstrap bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(channelType)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeoutNanos / 1_000_000)))
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ChannelPipeline p = ch.pipeline();
                    p.addLast(ReadStamp.NAME, new ReadStamp());
                    if (ssl != null) {
                      p.addLast("tls", ssl.newHandler(ch.alloc(), target.host(), target.port()));
                    }
                    p.addLast("http", new HttpClientCodec());
                    p.addLast("http-aggregator", new HttpObjectAggregator(8192));
                    p.addLast("ws", handler);
                  }
                });
    ChannelFuture f = bootstrap.connect(target.host(), target.port());
    ClientConnection connection = new ClientConnection(handler, f.channel());
    f.addListener(
        done -> {
          if (!done.isSuccess()) {
            events.failedToOpen(done.cause());
          }
        });
    return connection;
  }

  /**
   * Whether the WebSocket handshake has completed and no Close frame has been sent or received. Any
   * thread.
   *
   * @return whether open
   */
  public boolean isOpen() {
    return handler.isOpen();
  }

  /**
   * Queues a text message if open. Any thread.
   *
   * @param text the message
   * @return whether it was queued
   */
  public boolean send(String text) {
    return handler.send(text);
  }

  /**
   * Queues a binary message if open. Any thread.
   *
   * @param data the message; not modified afterwards
   * @return whether it was queued
   */
  public boolean sendBinary(byte[] data) {
    return handler.sendBinary(data);
  }

  /**
   * Ends the connection: with the closing handshake if the TCP connection is up, else by giving up
   * the attempt (its connect future fails, which reports {@link ConnectionEvents#failedToOpen}). On
   * the loop.
   *
   * @param code the WebSocket status to send
   * @param reason the reason text
   * @param timeoutNanos how long to wait for the server's Close frame before dropping
   */
  public void close(int code, String reason, long timeoutNanos) {
    if (channel.isActive()) {
      handler.close(code, reason, timeoutNanos);
    } else {
      channel.close();
    }
  }
}
