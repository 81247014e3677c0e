package io.chatrelay.demoagent.internal;

/** Plain-text helpers for quoting user input back to the user. */
public final class Text {

  private Text() {}

  /**
   * The text on one line, whitespace and control characters collapsed to single spaces, cut to {@code maxCodePoints}
   * with an ellipsis. It stays text: nothing is escaped, because clients render replies as text, not markup.
   */
  public static String summary(String text, int maxCodePoints) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    boolean pendingSpace = false;
    int kept = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isWhitespace(cp) || Character.isISOControl(cp) || Character.isSpaceChar(cp)) {
        pendingSpace = out.length() > 0;
        continue;
      }
      if (kept + (pendingSpace ? 1 : 0) >= maxCodePoints) {
        return out.append('…').toString();
      }
      if (pendingSpace) {
        out.append(' ');
        kept++;
        pendingSpace = false;
      }
      out.appendCodePoint(cp);
      kept++;
    }
    return out.toString();
  }
}
