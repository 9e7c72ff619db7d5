package org.dvbcss.net.wsclient;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * A tiny WebSocket server for the client's tests, on 127.0.0.1 and an ephemeral port. Each path is
 * one behaviour:
 *
 * <ul>
 *   <li>{@code /echo}: echoes text messages
 *   <li>{@code /close?code=C&reason=R}: sends a Close frame as soon as the connection opens (with
 *       no status if there is no code)
 *   <li>{@code /badutf8}: sends a text message that is not UTF-8
 *   <li>{@code /drop}: drops the TCP connection as soon as the WebSocket connection opens
 *   <li>{@code /refuse}: answers the upgrade request with 403
 *   <li>{@code /oversize?bytes=N}: sends one text message of N bytes on open
 *   <li>{@code /fragments?bytes=N}: the same in 1000-byte fragments
 *   <li>{@code /binary}: sends a binary message, then "after" as text
 *   <li>{@code /mute}: stops reading once open (answers nothing, not even pings or Close)
 * </ul>
 *
 * <p>It records what the clients sent. Thread safe.
 */
final class TestWebSocketServer implements AutoCloseable {
  private static final char[] PASSWORD = "changeit".toCharArray();

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel server;
  private final boolean tls;

  final AtomicInteger accepted = new AtomicInteger();
  final AtomicInteger opened = new AtomicInteger();
  final List<String> received = new CopyOnWriteArrayList<>();
  final List<Integer> closeCodesReceived = new CopyOnWriteArrayList<>();

  private TestWebSocketServer(@Nullable SslContext ssl) throws InterruptedException {
    this.tls = ssl != null;
    this.server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    accepted.incrementAndGet();
                    if (ssl != null) {
                      ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                    }
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(8192))
                        .addLast(new Handler());
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
  }

  static TestWebSocketServer plain() throws InterruptedException {
    return new TestWebSocketServer(null);
  }

  static TestWebSocketServer tls() throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keyStore(), PASSWORD);
    return new TestWebSocketServer(
        SslContextBuilder.forServer(kmf).sslProvider(SslProvider.JDK).build());
  }

  /** The test keystore (see the README beside it). */
  static KeyStore keyStore() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = TestWebSocketServer.class.getResourceAsStream("test-server.p12")) {
      ks.load(in, PASSWORD);
    }
    return ks;
  }

  /** A trust manager that trusts the test certificate. */
  static X509TrustManager testTrust() throws Exception {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(keyStore());
    return (X509TrustManager) tmf.getTrustManagers()[0];
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  URI uri(String pathAndQuery) {
    return URI.create((tls ? "wss" : "ws") + "://127.0.0.1:" + port() + pathAndQuery);
  }

  @Override
  public void close() {
    server.close().awaitUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
  }

  private final class Handler extends SimpleChannelInboundHandler<Object> {
    private @Nullable WebSocketServerHandshaker handshaker;
    private String path = "";

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof FullHttpRequest req) {
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        path = q.path();
        if (path.equals("/refuse")) {
          ctx.writeAndFlush(
                  new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.FORBIDDEN))
              .addListener(ChannelFutureListener.CLOSE);
          return;
        }
        WebSocketServerHandshaker hs =
            new WebSocketServerHandshakerFactory(uri(req.uri()).toString(), null, false, 1 << 20)
                .newHandshaker(req);
        handshaker = hs;
        hs.handshake(ctx.channel(), req)
            .addListener(
                f -> {
                  if (f.isSuccess()) {
                    opened.incrementAndGet();
                    onOpen(ctx, q);
                  }
                });
      } else if (msg instanceof TextWebSocketFrame text) {
        received.add(text.text());
        if (path.equals("/echo")) {
          ctx.writeAndFlush(new TextWebSocketFrame(text.text()));
        }
      } else if (msg instanceof PingWebSocketFrame ping) {
        ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
      } else if (msg instanceof CloseWebSocketFrame close) {
        closeCodesReceived.add(close.statusCode());
        WebSocketServerHandshaker hs = handshaker;
        if (hs != null) {
          hs.close(ctx.channel(), close.retain());
        }
      }
    }

    private void onOpen(ChannelHandlerContext ctx, QueryStringDecoder q) {
      switch (path) {
        case "/close" ->
            ctx.writeAndFlush(
                q.parameters().containsKey("code")
                    ? new CloseWebSocketFrame(
                        Integer.parseInt(param(q, "code")), param(q, "reason"))
                    : new CloseWebSocketFrame());
        case "/badutf8" ->
            ctx.writeAndFlush(
                new TextWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {(byte) 0xc3, 0x28})));
        case "/drop" -> ctx.close();
        case "/oversize" ->
            ctx.writeAndFlush(
                new TextWebSocketFrame("x".repeat(Integer.parseInt(param(q, "bytes")))));
        case "/fragments" -> {
          int bytes = Integer.parseInt(param(q, "bytes"));
          ctx.write(new TextWebSocketFrame(false, 0, "x".repeat(1000)));
          for (int sent = 1000; sent < bytes; sent += 1000) {
            ctx.write(new ContinuationWebSocketFrame(sent + 1000 >= bytes, 0, "x".repeat(1000)));
          }
          ctx.flush();
        }
        case "/binary" -> {
          ctx.write(
              new io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame(
                  Unpooled.wrappedBuffer(new byte[] {1, 2, 3})));
          ctx.writeAndFlush(new TextWebSocketFrame("after"));
        }
        case "/mute" -> ctx.channel().config().setAutoRead(false);
        default -> {}
      }
    }

    private String param(QueryStringDecoder q, String name) {
      return q.parameters().get(name).get(0);
    }
  }
}
