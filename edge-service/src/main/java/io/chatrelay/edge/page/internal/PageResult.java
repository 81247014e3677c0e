package io.chatrelay.edge.page.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What a page route answers: a rendered page, or a 303 redirect (the answer to every successful form post). */
public sealed interface PageResult {

  Map<String, String> headers();

  record Page(int status, Html body, Map<String, String> headers) implements PageResult {

    public Page {
      Objects.requireNonNull(body, "body");
      headers = Map.copyOf(headers);
    }
  }

  record Redirect(String location, Map<String, String> headers) implements PageResult {

    public Redirect {
      Objects.requireNonNull(location, "location");
      headers = Map.copyOf(headers);
    }

    public Redirect withHeader(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new Redirect(location, more);
    }
  }

  static Page ok(Html body) {
    return new Page(200, body, Map.of());
  }

  static Page status(int status, Html body) {
    return new Page(status, body, Map.of());
  }

  static Redirect seeOther(String location) {
    return new Redirect(location, Map.of());
  }
}
