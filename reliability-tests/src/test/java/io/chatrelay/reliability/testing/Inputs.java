package io.chatrelay.reliability.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of hostile input for the edge's parsers: frames and bodies that are almost right (a wrong type, a
 * missing member, one character too many), plainly wrong (random text, truncated JSON, arrays, numbers), or
 * nasty (deep nesting, huge numbers, duplicate keys, lone surrogates, control characters).
 */
public final class Inputs {

  private Inputs() {}

  /** Any text, biased towards the characters that break parsers. */
  public static Arbitrary<String> text(int maxLength) {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(maxLength),
        Arbitraries.strings().withChars("{}[]\":,\\ \n\t0123456789.eE+-nultrfasx\u0000\u2028\ud800")
            .ofMaxLength(maxLength),
        Arbitraries.strings().ascii().ofMaxLength(maxLength));
  }

  /** A JSON value of any kind, written out; {@code depth} bounds the nesting. */
  public static Arbitrary<String> jsonValue(int depth) {
    Arbitrary<String> leaf = Arbitraries.oneOf(
        Arbitraries.just("null"), Arbitraries.just("true"), Arbitraries.just("false"),
        Arbitraries.integers().map(Object::toString),
        Arbitraries.of("1e999999999", "-1e-999999999", "123456789012345678901234567890123456789012345678901234567890",
            "NaN", "Infinity", "-0", "0.0000000000000000000000001", "1E400"),
        text(40).map(Browser::quote));
    if (depth <= 0) {
      return leaf;
    }
    Arbitrary<String> array = jsonValue(depth - 1).list().ofMaxSize(4).map(items -> "[" + String.join(",", items)
        + "]");
    Arbitrary<String> object = Combinators.combine(text(10).map(Browser::quote), jsonValue(depth - 1))
        .as((k, v) -> k + ":" + v).list().ofMaxSize(4).map(members -> "{" + String.join(",", members) + "}");
    return Arbitraries.frequencyOf(Tuple.of(6, leaf), Tuple.of(2, array), Tuple.of(2, object));
  }

  /** Nesting far deeper than any parser should follow. */
  public static Arbitrary<String> deepNesting() {
    return Arbitraries.integers().between(500, 4000).map(n -> "[".repeat(n) + "]".repeat(n));
  }

  /** A client WebSocket frame: mostly almost-valid message frames, some garbage. */
  public static Arbitrary<String> frames() {
    Arbitrary<String> id = Arbitraries.oneOf(Arbitraries.just(null), jsonValue(1),
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(70).map(Browser::quote));
    Arbitrary<String> type = Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.just("\"message\""),
        Arbitraries.of("\"MESSAGE\"", "\"ping\"", "\"ack\"", "1", "null", "[\"message\"]"), jsonValue(0));
    Arbitrary<String> content = Arbitraries.oneOf(Arbitraries.just(null), jsonValue(1),
        text(1100).map(Browser::quote), Arbitraries.of("\"\"", "\"   \"", Browser.quote("x".repeat(1001)),
            Browser.quote("\ud83d\ude00".repeat(1000)), Browser.quote("\ud800 lone")));
    Arbitrary<String> metadata = Arbitraries.oneOf(Arbitraries.just(null), jsonValue(3),
        deepNesting().map(d -> "{\"d\":" + d + "}"));
    Arbitrary<String> frame = Combinators.combine(id, type, content, metadata, Arbitraries.integers().between(0, 3))
        .as((i, t, c, m, duplicates) -> object(i, t, c, m, duplicates));
    Arbitrary<String> truncated = frame.flatMap(f -> Arbitraries.integers().between(0, Math.max(0, f.length() - 1))
        .map(cut -> f.substring(0, cut)));
    Arbitrary<String> valid = Combinators.combine(
            Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(64),
            text(1000).filter(c -> !c.isBlank()),
            jsonValue(2).filter(m -> m.startsWith("{")).injectNull(0.5))
        .as((i, c, m) -> object(Browser.quote(i), "\"message\"", Browser.quote(c), m, 0));
    Arbitrary<String> inReplyTo = Arbitraries.oneOf(Arbitraries.just(null), jsonValue(1),
        Arbitraries.create(() -> Browser.quote(java.util.UUID.randomUUID().toString())),
        Arbitraries.of("\"0194A8F2-0000-7000-8000-000000000001\"", "\"not-a-uuid\""));
    Arbitrary<String> rating = Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.of("\"up\"", "\"down\"",
        "\"UP\"", "\"meh\"", "true", "1"), jsonValue(0));
    Arbitrary<String> comment = Arbitraries.oneOf(Arbitraries.just(null), jsonValue(1),
        text(1100).map(Browser::quote), Arbitraries.of("\"   \"", Browser.quote("x".repeat(1001))));
    Arbitrary<String> stopOrRating = Combinators.combine(id, Arbitraries.of("\"cancel\"", "\"feedback\""), inReplyTo,
        rating, comment).as((i, t, r, g, c) -> "{" + String.join(",", java.util.stream.Stream.of(
            member("id", i), member("type", t), member("inReplyTo", r), member("rating", g), member("comment", c))
            .filter(java.util.Objects::nonNull).toList()) + "}");
    return Arbitraries.frequencyOf(
        Tuple.of(3, valid),
        Tuple.of(6, frame),
        Tuple.of(2, stopOrRating),
        Tuple.of(1, truncated),
        Tuple.of(1, text(300)),
        Tuple.of(1, jsonValue(3)),
        Tuple.of(1, deepNesting()));
  }

  private static String member(String name, String value) {
    return value == null ? null : "\"" + name + "\":" + value;
  }

  /** A REST message body, {@code {content, metadata?}} and everything around it. */
  public static Arbitrary<String> messageBodies() {
    return frames();
  }

  /** A query parameter value, raw (the caller encodes it). */
  public static Arbitrary<String> queryValues() {
    return Arbitraries.oneOf(text(30), Arbitraries.integers().map(Object::toString),
        Arbitraries.longs().map(Object::toString), Arbitraries.of("", "0", "-1", "101", "100", "1", "9".repeat(30),
            "1e3", "0x10", " 5", "5 ", "+5", "NaN", "null"));
  }

  /** A {@code session} cookie value: random, or a signed-looking three-part value with random parts. */
  public static Arbitrary<String> cookies() {
    Arbitrary<String> part = Arbitraries.strings().withChars(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/.%").ofMaxLength(60);
    return Arbitraries.oneOf(
        Combinators.combine(Arbitraries.of("v1", "v2", "", "v1 "), part, part).as((v, p, m) -> v + "." + p + "." + m),
        Arbitraries.strings().ascii().ofMaxLength(200).filter(s -> s.chars().allMatch(c -> c >= 0x20 && c < 0x7f)),
        part);
  }

  /** A value for {@code chat-messages} that is not a chat event, or almost one. */
  public static Arbitrary<byte[]> poisonValues() {
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    Arbitrary<byte[]> json = jsonValue(3).map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> eventLike = Combinators.combine(
            Arbitraries.of("UserMessage", "AgentReply", "AgentError", "AgentStatus", "SessionCreated",
                "SessionDeleted", "Unknown", ""),
            Arbitraries.oneOf(Arbitraries.just("\"" + java.util.UUID.randomUUID() + "\""), jsonValue(1)),
            jsonValue(2))
        .as((type, eventId, content) -> ("{\"type\":\"" + type + "\",\"schemaVersion\":1,\"eventId\":" + eventId
            + ",\"sessionId\":\"poison\",\"userId\":\"poison\",\"occurredAt\":\"not a time\",\"content\":" + content
            + ",\"type\":\"" + type + "\"}").getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> invalidUtf8 = Arbitraries.of(new byte[] {(byte) 0xc3, (byte) 0x28},
        new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'},
        new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80});
    return Arbitraries.frequencyOf(Tuple.of(3, bytes), Tuple.of(3, json),
        Tuple.of(3, eventLike), Tuple.of(1, invalidUtf8),
        Tuple.of(1, deepNesting().map(s -> s.getBytes(StandardCharsets.UTF_8))));
  }

  private static String object(String id, String type, String content, String metadata, int duplicates) {
    StringBuilder out = new StringBuilder("{");
    List<String> members = new java.util.ArrayList<>();
    if (id != null) {
      members.add("\"id\":" + id);
    }
    if (type != null) {
      members.add("\"type\":" + type);
    }
    if (content != null) {
      members.add("\"content\":" + content);
    }
    if (metadata != null) {
      members.add("\"metadata\":" + metadata);
    }
    for (int i = 0; i < duplicates && !members.isEmpty(); i++) {
      members.add(members.get(i % members.size()).replaceFirst(":.*", ":\"duplicate\""));
    }
    out.append(String.join(",", members));
    return out.append("}").toString();
  }
}
