package org.dvbcss.net.testing;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.dvbcss.net.ws.WebSocketEndpoint;
import org.dvbcss.net.ws.WebSocketSession;
import org.jspecify.annotations.Nullable;

/**
 * A WebSocket session with no socket, for driving an endpoint by hand: it keeps every text sent to
 * it, the very {@code String} instances, in order. Always writable while open. One thread.
 */
public final class RecordingSession implements WebSocketSession {
  private static final AtomicInteger IDS = new AtomicInteger();

  private final String id;
  private final String path;
  private final InetSocketAddress local;
  private final List<String> sent = new ArrayList<>();
  private @Nullable Object attachment;
  private boolean open = true;

  private RecordingSession(String path, InetSocketAddress local) {
    this.id = path + "#" + IDS.incrementAndGet();
    this.path = path;
    this.local = local;
  }

  /**
   * A session opened on an endpoint, as if a companion had dialled {@code local}.
   *
   * @param endpoint the endpoint, told {@code onOpen}
   * @param path the path it is mounted at
   * @param local the address the companion dialled
   * @return the session
   */
  public static RecordingSession open(
      WebSocketEndpoint endpoint, String path, InetSocketAddress local) {
    RecordingSession s = new RecordingSession(path, local);
    endpoint.onOpen(s);
    return s;
  }

  /**
   * Every text sent, in order.
   *
   * @return the live list
   */
  public List<String> sent() {
    return sent;
  }

  /**
   * The last text sent.
   *
   * @return it
   * @throws IllegalStateException if nothing was sent
   */
  public String last() {
    if (sent.isEmpty()) {
      throw new IllegalStateException("nothing sent to " + id);
    }
    return sent.get(sent.size() - 1);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public InetSocketAddress localAddress() {
    return local;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return new InetSocketAddress(local.getAddress(), 50000);
  }

  @Override
  public boolean isWritable() {
    return open;
  }

  @Override
  public long queuedBytes() {
    return 0;
  }

  @Override
  public boolean send(String text) {
    if (!open) {
      return false;
    }
    sent.add(text);
    return true;
  }

  @Override
  public void close(int code, String reason) {
    open = false;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void attach(@Nullable Object attachment) {
    this.attachment = attachment;
  }

  @Override
  public @Nullable Object attachment() {
    return attachment;
  }
}
