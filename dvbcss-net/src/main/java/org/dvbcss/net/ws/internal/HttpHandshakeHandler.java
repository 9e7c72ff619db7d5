package org.dvbcss.net.ws.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dvbcss.net.ws.HttpResource;
import org.dvbcss.net.ws.WebSocketEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the one HTTP request of a connection: a plain {@link HttpResource} at its own path (see
 * {@code serveResource}); otherwise 404 for an unknown path, 405 for a method other than GET, 426
 * for a GET without a WebSocket upgrade, 403 for an origin not allowed, 503 over the connection
 * limit, otherwise the RFC 6455 handshake, after which it hands the channel to a {@link
 * WebSocketConnection}. Every refusal closes the connection after the response (or, with {@link
 * ServerState#refuseByClosing}, instead of it). Runs on the channel's event loop.
 */
final class HttpHandshakeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(HttpHandshakeHandler.class);

  /**
   * How long a connection accepted over the connection limit may take to send its request (to be
   * answered 503) before it is dropped: it holds no slot, so without this a flood of silent
   * connections past the limit would hold channels for the whole idle timeout.
   */
  static final long OVER_LIMIT_WAIT_MILLIS = 2_000;

  private final ServerState state;
  private final boolean hasSlot;

  /**
   * @param state the server's shared state
   * @param hasSlot whether this connection took a slot of the connection limit when accepted
   */
  HttpHandshakeHandler(ServerState state, boolean hasSlot) {
    this.state = state;
    this.hasSlot = hasSlot;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (!hasSlot) {
      ctx.executor()
          .schedule(
              () -> {
                if (ctx.channel().isActive()) {
                  state.idleBeforeHandshake.increment();
                  ctx.close();
                }
              },
              OVER_LIMIT_WAIT_MILLIS,
              TimeUnit.MILLISECONDS);
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (request.decoderResult().isFailure()) {
      if (!ctx.channel().isActive()) {
        // the connection ended mid-request (the decoder reports that as a failed request): there
        // is no one to answer, and it was not a bad request but a lost one (or one already
        // counted as idle before the handshake)
        return;
      }
      state.badRequests.increment();
      refuse(ctx, HttpResponseStatus.BAD_REQUEST, "Malformed HTTP request.");
      return;
    }
    String path = new QueryStringDecoder(request.uri()).path();
    HttpResource resource = state.resources.get(path);
    if (resource != null) {
      serveResource(ctx, request, path, resource);
      return;
    }
    WebSocketEndpoint endpoint = state.endpoints.get(path);
    if (endpoint == null) {
      state.unknownPath.increment();
      refuse(ctx, HttpResponseStatus.NOT_FOUND, "Not found. No WebSocket endpoint at this path.");
      return;
    }
    if (!HttpMethod.GET.equals(request.method())) {
      state.badRequests.increment();
      FullHttpResponse response =
          response(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method not allowed. Use GET.");
      response.headers().set(HttpHeaderNames.ALLOW, "GET");
      send(ctx, response);
      return;
    }
    if (!isWebSocketUpgrade(request)) {
      state.badRequests.increment();
      FullHttpResponse response =
          response(
              HttpResponseStatus.UPGRADE_REQUIRED,
              "Upgrade required. This path is a WebSocket endpoint.");
      response.headers().set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
      response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
      send(ctx, response);
      return;
    }
    if (!originAllowed(request)) {
      state.forbiddenOrigin.increment();
      log.debug(
          "refused a handshake from {}: origin {} not allowed",
          ctx.channel().remoteAddress(),
          request.headers().getAll(HttpHeaderNames.ORIGIN));
      refuse(ctx, HttpResponseStatus.FORBIDDEN, "Forbidden. Origin not allowed.");
      return;
    }
    if (state.isClosing()) {
      state.rejected.increment();
      refuse(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "Service unavailable. Shutting down.");
      return;
    }
    if (!hasSlot) {
      state.rejected.increment();
      refuse(
          ctx,
          HttpResponseStatus.SERVICE_UNAVAILABLE,
          "Service unavailable. No more connections permitted. Maximum limit reached.");
      return;
    }
    // the slot taken at accept (see ChildInitializer) is held until the connection closes

    WebSocketDecoderConfig decoderConfig =
        WebSocketDecoderConfig.newBuilder()
            .maxFramePayloadLength(state.maxFrameBytes)
            .allowExtensions(false)
            .expectMaskedFrames(true)
            .allowMaskMismatch(false)
            .closeOnProtocolViolation(true)
            .withUTF8Validator(false)
            .build();
    String host = request.headers().get(HttpHeaderNames.HOST, "localhost");
    WebSocketServerHandshaker handshaker =
        new WebSocketServerHandshakerFactory(
                (state.sslContext != null ? "wss://" : "ws://") + host + path, null, decoderConfig)
            .newHandshaker(request);
    if (handshaker == null) {
      state.badRequests.increment();
      if (state.refuseByClosing) {
        ctx.close();
      } else {
        WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel())
            .addListener(ChannelFutureListener.CLOSE);
      }
      return;
    }
    WebSocketConnection connection = new WebSocketConnection(state, endpoint, path, ctx.channel());
    ctx.pipeline().replace(this, "ws", connection);
    try {
      ChannelFuture handshake = handshaker.handshake(ctx.channel(), request);
      handshake.addListener(
          f -> {
            if (!f.isSuccess()) {
              log.debug("handshake with {} failed", ctx.channel().remoteAddress(), f.cause());
              ctx.channel().close();
            }
          });
      // Open now, not when the 101 response has been written: the frame decoder is already in
      // place, so a client may send at once, and anything the endpoint sends is queued behind
      // the 101 response.
      if (!handshake.isDone() || handshake.isSuccess()) {
        connection.opened();
      }
    } catch (RuntimeException e) {
      // a malformed upgrade request (missing key, ...): the connection never opened
      state.badRequests.increment();
      log.debug("bad handshake from {}: {}", ctx.channel().remoteAddress(), e.toString());
      send(ctx, response(HttpResponseStatus.BAD_REQUEST, "Bad WebSocket handshake."));
    }
  }

  /**
   * Answers a request for a plain HTTP resource and closes: GET and HEAD through the resource (500
   * if it throws), OPTIONS with an Origin as a CORS preflight, anything else 405.
   */
  private void serveResource(
      ChannelHandlerContext ctx, FullHttpRequest request, String path, HttpResource resource) {
    HttpMethod method = request.method();
    String origin = request.headers().get(HttpHeaderNames.ORIGIN);
    if (HttpMethod.OPTIONS.equals(method) && origin != null) {
      FullHttpResponse response =
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
      response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
      response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, OPTIONS");
      String asked = request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
      if (asked != null) {
        response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, asked);
      }
      response.headers().set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
      response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      state.httpServed.increment();
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    boolean head = HttpMethod.HEAD.equals(method);
    if (!head && !HttpMethod.GET.equals(method)) {
      state.badRequests.increment();
      FullHttpResponse response =
          response(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method not allowed. Use GET.");
      response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD, OPTIONS");
      send(ctx, response);
      return;
    }
    state.httpServed.increment();
    HttpResource.Response answer;
    try {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (String name : request.headers().names()) {
        headers.put(name, request.headers().getAll(name));
      }
      answer =
          resource.serve(
              new HttpResource.Request(
                  method.name(),
                  path,
                  headers,
                  (InetSocketAddress) ctx.channel().localAddress(),
                  (InetSocketAddress) ctx.channel().remoteAddress()));
      if (answer == null) {
        throw new IllegalStateException("resource returned no response");
      }
    } catch (Exception | LinkageError | AssertionError e) {
      state.httpErrors.increment();
      log.warn("HTTP resource {} failed for {}", path, ctx.channel().remoteAddress(), e);
      FullHttpResponse error =
          response(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal server error.");
      ctx.writeAndFlush(error).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ByteBuf body = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(answer.body());
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(answer.status()), body);
    answer.headers().forEach((name, value) -> response.headers().set(name, value));
    if (answer.contentType() != null) {
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
    }
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  /**
   * Whether the request's origin may open a session: always without an allow-list or without an
   * Origin header (only browsers must send one); otherwise only a single listed origin.
   */
  private boolean originAllowed(FullHttpRequest request) {
    Origins origins = state.origins;
    if (origins == null) {
      return true;
    }
    List<String> values = request.headers().getAll(HttpHeaderNames.ORIGIN);
    if (values.isEmpty()) {
      // version 8 of the draft protocol named it Sec-WebSocket-Origin
      values = request.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_ORIGIN);
    }
    if (values.isEmpty()) {
      return true;
    }
    return values.size() == 1 && origins.allows(values.get(0));
  }

  private static boolean isWebSocketUpgrade(FullHttpRequest request) {
    return request
            .headers()
            .containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
        && HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(
            request.headers().get(HttpHeaderNames.UPGRADE, ""));
  }

  private static FullHttpResponse response(HttpResponseStatus status, String text) {
    ByteBuf body = Unpooled.copiedBuffer(text + "\n", StandardCharsets.UTF_8);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return response;
  }

  private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String text) {
    send(ctx, response(status, text));
  }

  /** Sends a refusal and closes; with {@link ServerState#refuseByClosing}, only closes. */
  private void send(ChannelHandlerContext ctx, FullHttpResponse response) {
    if (state.refuseByClosing) {
      response.release();
      ctx.close();
      return;
    }
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof IdleStateEvent) {
      state.idleBeforeHandshake.increment();
      ctx.close();
      return;
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("HTTP connection from {} failed", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }
}
