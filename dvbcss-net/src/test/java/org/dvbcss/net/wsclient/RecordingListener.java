package org.dvbcss.net.wsclient;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records every callback, for tests. Thread safe. */
class RecordingListener implements WebSocketClient.Listener {
  record Close(int code, String reason, boolean willReconnect) {}

  final AtomicInteger opens = new AtomicInteger();
  final List<String> texts = new CopyOnWriteArrayList<>();
  final List<Close> closes = new CopyOnWriteArrayList<>();
  final List<Throwable> errors = new CopyOnWriteArrayList<>();
  final List<String> threads = new CopyOnWriteArrayList<>();

  @Override
  public void onOpen() {
    threads.add(Thread.currentThread().getName());
    opens.incrementAndGet();
  }

  @Override
  public void onText(String text) {
    threads.add(Thread.currentThread().getName());
    texts.add(text);
  }

  @Override
  public void onClose(int code, String reason, boolean willReconnect) {
    threads.add(Thread.currentThread().getName());
    closes.add(new Close(code, reason, willReconnect));
  }

  @Override
  public void onError(Throwable error) {
    threads.add(Thread.currentThread().getName());
    errors.add(error);
  }
}
