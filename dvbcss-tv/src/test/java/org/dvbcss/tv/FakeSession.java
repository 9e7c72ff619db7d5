package org.dvbcss.tv;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.dvbcss.net.ws.WebSocketEndpoint;
import org.dvbcss.net.ws.WebSocketSession;
import org.jspecify.annotations.Nullable;

/**
 * A WebSocket session with no socket: what the endpoint sends is appended to a log shared by every
 * session of a test (so the order across sessions can be checked) and to the session's own list.
 * Writable unless told otherwise. Driven on the test's thread.
 */
final class FakeSession implements WebSocketSession {
  /** One message sent, to whom. */
  record Sent(FakeSession to, String text) {}

  private static final AtomicInteger IDS = new AtomicInteger();

  private final String id;
  private final String path;
  private final InetSocketAddress local;
  private final List<Sent> log;
  private final List<String> sent = new ArrayList<>();
  private @Nullable Object attachment;
  private boolean open = true;
  private boolean writable = true;
  private int closeCode = -1;

  private FakeSession(String id, String path, InetSocketAddress local, List<Sent> log) {
    this.id = id;
    this.path = path;
    this.local = local;
    this.log = log;
  }

  /** A session opened on {@code endpoint}, as if a companion had dialled {@code local}. */
  static FakeSession open(
      WebSocketEndpoint endpoint, String path, InetSocketAddress local, List<Sent> log) {
    FakeSession s = new FakeSession(path + "#" + IDS.incrementAndGet(), path, local, log);
    endpoint.onOpen(s);
    return s;
  }

  /** Every message sent to this session, in order. */
  List<String> sent() {
    return sent;
  }

  /** The last message sent to this session, or null. */
  @Nullable String last() {
    return sent.isEmpty() ? null : sent.get(sent.size() - 1);
  }

  /** The status this session was closed with, or -1 if it is open. */
  int closeCode() {
    return closeCode;
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
    return open && writable;
  }

  /** Makes the session look (not) writable, as a slow reader's would. */
  void writable(boolean writable) {
    this.writable = writable;
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
    log.add(new Sent(this, text));
    return true;
  }

  @Override
  public void close(int code, String reason) {
    if (open) {
      closeCode = code;
    }
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
