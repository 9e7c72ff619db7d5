package org.dvbcss.protocol;

import java.util.Random;

/** Random edits of a message's text, for fuzzing decoders. */
public final class TextMutations {
  private TextMutations() {}

  /**
   * Applies one to three random edits: delete a character, insert or overwrite one from {@code
   * alphabet}, duplicate a short run, or cut the text short.
   *
   * @param r the source of randomness (seeded by the caller, so a case reproduces)
   * @param text the text to edit
   * @param alphabet characters to insert or overwrite with
   * @return the edited text
   */
  public static String mutate(Random r, String text, String alphabet) {
    StringBuilder s = new StringBuilder(text);
    int ops = 1 + r.nextInt(3);
    for (int i = 0; i < ops && s.length() > 0; i++) {
      int at = r.nextInt(s.length());
      switch (r.nextInt(5)) {
        case 0 -> s.deleteCharAt(at);
        case 1 -> s.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
        case 2 -> s.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
        case 3 -> {
          int end = Math.min(s.length(), at + 1 + r.nextInt(20));
          s.insert(at, s.substring(at, end));
        }
        default -> s.setLength(at);
      }
    }
    return s.toString();
  }
}
