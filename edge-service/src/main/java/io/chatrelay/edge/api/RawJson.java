package io.chatrelay.edge.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A reply body that is JSON already, sent as these bytes without another round through Jackson. The history
 * endpoint answers with the message views exactly as the projector stored them: parsing each into a tree only to
 * write it out again cost most of a history read's time and garbage.
 *
 * @param bytes UTF-8 JSON
 */
public record RawJson(byte[] bytes) {

  public RawJson {
    Objects.requireNonNull(bytes, "bytes");
  }

  /**
   * {@code {"name":[e1,e2,…]}}.
   *
   * @param name a plain field name (letters and digits; it is not escaped)
   * @param elements each one complete JSON value, in UTF-8
   */
  public static RawJson objectWithArray(String name, List<byte[]> elements) {
    if (!name.chars().allMatch(Character::isLetterOrDigit)) {
      throw new IllegalArgumentException("not a plain field name: " + name);
    }
    byte[] head = ("{\"" + name + "\":[").getBytes(StandardCharsets.US_ASCII);
    int size = head.length + 2 + Math.max(0, elements.size() - 1);
    for (byte[] element : elements) {
      size += element.length;
    }
    byte[] out = new byte[size];
    System.arraycopy(head, 0, out, 0, head.length);
    int at = head.length;
    for (int i = 0; i < elements.size(); i++) {
      if (i > 0) {
        out[at++] = ',';
      }
      byte[] element = elements.get(i);
      System.arraycopy(element, 0, out, at, element.length);
      at += element.length;
    }
    out[at++] = ']';
    out[at] = '}';
    return new RawJson(out);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RawJson raw && Arrays.equals(bytes, raw.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
