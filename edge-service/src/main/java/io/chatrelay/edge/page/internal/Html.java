package io.chatrelay.edge.page.internal;

import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A piece of markup that is already safe to put in a page. Everything else that reaches a page is a plain
 * {@link String} and gets escaped, so text from people or agents can never become markup by accident.
 */
public record Html(String markup) {

  public static final Html EMPTY = new Html("");

  public Html {
    Objects.requireNonNull(markup, "markup");
  }

  /** Escapes text for an element's content or a quoted attribute value. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    text.codePoints().forEach(c -> {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.appendCodePoint(c);
      }
    });
    return out.toString();
  }

  public static Html text(String text) {
    return new Html(escape(text));
  }

  public static Html join(Stream<Html> parts) {
    return new Html(parts.map(Html::markup).collect(Collectors.joining("\n")));
  }

  public boolean isEmpty() {
    return markup.isEmpty();
  }

  @Override
  public String toString() {
    return markup;
  }
}
