package io.chatrelay.bench.load.internal;

/**
 * The bytes a WebSocket text frame takes on the wire (RFC 6455, section 5.2; no extension negotiated): its UTF-8
 * payload, a 2-byte header, 2 or 8 more for a longer payload, and the 4-byte mask a client adds.
 */
final class WireBytes {

  private WireBytes() {}

  static long serverFrame(String text) {
    long payload = utf8(text);
    return payload + header(payload);
  }

  static long clientFrame(String text) {
    long payload = utf8(text);
    return payload + header(payload) + 4;
  }

  private static int header(long payload) {
    return payload <= 125 ? 2 : payload <= 65_535 ? 4 : 10;
  }

  static long utf8(String s) {
    long bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
