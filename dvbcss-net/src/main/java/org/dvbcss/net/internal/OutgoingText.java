package org.dvbcss.net.internal;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * An endpoint's outgoing text hook made safe to call: the same input {@code String} (as a fan-out
 * to many companions hands every one of them) is rewritten once and the same output returned, so
 * the transport still encodes it once; a hook that throws or answers null is logged at warn and the
 * text is sent as it was. Not API.
 *
 * <p>Thread safe if the hook is.
 */
public final class OutgoingText {
  private record Memo(String in, String out) {}

  private final UnaryOperator<String> hook;
  private final boolean identity;
  private final Logger log;
  private volatile @Nullable Memo last;

  /**
   * Wraps a hook.
   *
   * @param hook the rewrite; {@link UnaryOperator#identity()} for none
   * @param log where a failing hook is reported
   */
  public OutgoingText(UnaryOperator<String> hook, Logger log) {
    this.hook = Objects.requireNonNull(hook, "hook");
    this.identity = hook == UnaryOperator.<String>identity();
    this.log = log;
  }

  /**
   * The text to send for what the core made.
   *
   * @param text the text the protocol core made
   * @return the hook's rewrite of it (the very same instance for the same input as last time), or
   *     {@code text} itself if there is no hook or the hook failed
   */
  public String apply(String text) {
    if (identity) {
      return text;
    }
    Memo memo = last;
    if (memo != null && memo.in() == text) {
      return memo.out();
    }
    String out;
    try {
      out = hook.apply(text);
    } catch (RuntimeException e) {
      log.warn("outgoing text hook threw; sending the text unchanged", e);
      return text;
    }
    if (out == null) {
      log.warn("outgoing text hook answered null; sending the text unchanged");
      return text;
    }
    last = new Memo(text, out);
    return out;
  }
}
