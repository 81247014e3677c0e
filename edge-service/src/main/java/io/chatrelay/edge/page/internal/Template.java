package io.chatrelay.edge.page.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page fragment from {@code web/templates/}. {@code {{name}}} inserts a value as escaped text, {@code {{{name}}}}
 * inserts an {@link Html} fragment as it is. Rendering fails when a value is missing or when raw insertion gets
 * anything but {@link Html}: a template mistake shows up in the first test instead of as a broken or unsafe page.
 *
 * <p>Deliberately this small instead of a template engine: the pages are few, and auto-escaping by default is the
 * one feature that matters for safety.
 */
public final class Template {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\{?)([a-zA-Z][a-zA-Z0-9]*)(}?)}}");
  private static final String ROOT = "web/templates/";

  private final String name;
  private final List<Object> parts;

  private Template(String name, String source) {
    this.name = name;
    this.parts = parse(name, source);
  }

  /** Loads {@code web/templates/<name>.html} from the classpath. */
  public static Template load(String name) {
    String path = ROOT + name + ".html";
    try (InputStream in = Template.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("template " + path + " is not on the classpath");
      }
      return new Template(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read template " + path, e);
    }
  }

  static Template of(String name, String source) {
    return new Template(name, source);
  }

  /** @param values by placeholder name: a {@link String} (escaped) or {@link Html} (as is) */
  public Html render(Map<String, ?> values) {
    StringBuilder out = new StringBuilder(1024);
    for (Object part : parts) {
      if (part instanceof String literal) {
        out.append(literal);
      } else {
        Slot slot = (Slot) part;
        out.append(slot.fill(name, values.get(slot.key())));
      }
    }
    return new Html(out.toString());
  }

  private record Slot(String key, boolean raw) {

    String fill(String template, Object value) {
      if (value == null) {
        throw new IllegalArgumentException("template " + template + " needs a value for " + key);
      }
      if (raw) {
        if (!(value instanceof Html html)) {
          throw new IllegalArgumentException("template " + template + ": {{{" + key + "}}} takes Html, got "
              + value.getClass().getSimpleName());
        }
        return html.markup();
      }
      return value instanceof Html html ? html.markup() : Html.escape(value.toString());
    }
  }

  private static List<Object> parse(String name, String source) {
    List<Object> parts = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(source);
    int at = 0;
    while (m.find()) {
      boolean open = !m.group(1).isEmpty();
      boolean close = !m.group(3).isEmpty();
      if (open != close) {
        throw new IllegalArgumentException("template " + name + " has an unbalanced placeholder " + m.group());
      }
      parts.add(source.substring(at, m.start()));
      parts.add(new Slot(m.group(2), open));
      at = m.end();
    }
    parts.add(source.substring(at));
    return List.copyOf(parts);
  }

  @Override
  public String toString() {
    return "Template[" + Objects.requireNonNull(name) + "]";
  }
}
