package io.chatrelay.demoagent.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Cuts an answer into the pieces it is streamed in. */
public final class Tokens {

  /** A word and the whitespace after it. */
  private static final Pattern TOKEN = Pattern.compile("\\S+\\s*");

  private Tokens() {}

  /**
   * The text as tokens, each a word with its following whitespace, so that joining them gives back the text byte for
   * byte: whitespace before the first word goes with the first token, and a text of whitespace only is one token.
   */
  public static List<String> split(String text) {
    List<String> tokens = new ArrayList<>();
    Matcher words = TOKEN.matcher(text);
    int end = 0;
    while (words.find()) {
      // Only the first match can start after `end`: every match runs to the next word.
      tokens.add(text.substring(end, words.end()));
      end = words.end();
    }
    if (end < text.length()) {
      tokens.add(text.substring(end));
    }
    return tokens;
  }
}
