package org.dvbcss.net.wsclient.internal;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker13;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;

/**
 * The RFC 6455 opening handshake, installing a frame decoder that leaves protocol violations to
 * {@link ConnectionHandler}: Netty's decoder would send its own Close frame from a place in the
 * pipeline before the frame encoder, so the frame would never be encoded and the server would see
 * the connection drop with no status. Sends no {@code Origin} header. Not thread safe; one per
 * connection attempt.
 */
public final class ClientHandshaker extends WebSocketClientHandshaker13 {
  /**
   * Creates the handshake for one connection attempt.
   *
   * @param uri the server's ws:// or wss:// URL
   * @param maxFramePayloadBytes the largest frame accepted, bytes
   */
  public ClientHandshaker(URI uri, int maxFramePayloadBytes) {
    super(uri, WebSocketVersion.V13, null, false, new DefaultHttpHeaders(), maxFramePayloadBytes);
  }

  /**
   * The upgrade request, without the {@code Origin} header Netty derives from the URL: this is not
   * a browser and has no web origin, and a server with an origin allow-list lets clients that send
   * none through.
   */
  @Override
  protected FullHttpRequest newHandshakeRequest() {
    FullHttpRequest request = super.newHandshakeRequest();
    request.headers().remove(HttpHeaderNames.ORIGIN);
    request.headers().remove(HttpHeaderNames.SEC_WEBSOCKET_ORIGIN);
    return request;
  }

  @Override
  protected WebSocketFrameDecoder newWebsocketDecoder() {
    return new WebSocket13FrameDecoder(
        WebSocketDecoderConfig.newBuilder()
            .expectMaskedFrames(false)
            .allowExtensions(false)
            .maxFramePayloadLength(maxFramePayloadLength())
            .closeOnProtocolViolation(false)
            .build());
  }
}
