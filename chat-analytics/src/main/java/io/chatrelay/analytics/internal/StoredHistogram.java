package io.chatrelay.analytics.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import org.HdrHistogram.IntCountsHistogram;
import org.apache.kafka.common.errors.SerializationException;

/**
 * An HdrHistogram of one minute, kept as the bytes it was stored as until something records into it or reads it.
 * Decoding is the expensive part of a minute's update (the counts array alone is 8 KB to allocate) and most updates
 * touch one histogram or none, so the others are written back as they were read.
 *
 * <p>Stored forms are HdrHistogram's V2 encodings: plain (LEB128 counts with runs of zeros folded, typically a few
 * hundred bytes), or deflated as earlier versions wrote them, told apart by the cookie; an empty histogram is stored
 * as no bytes at all. Reading checks the framing; the content is checked when it is decoded.
 */
final class StoredHistogram {

  private static final int SIGNIFICANT_DIGITS = 2;
  // HdrHistogram's V2 cookies, plain and compressed; bits 4-7 carry a word size and are not part of them.
  private static final int PLAIN_COOKIE = 0x1c849303;
  private static final int COMPRESSED_COOKIE = 0x1c849304;
  private static final int COOKIE_WORD_SIZE_BITS = 0xf0;
  // Cookie, payload length, index offset, digits, lowest and highest value, integer-to-double ratio.
  private static final int PLAIN_HEADER_BYTES = 40;
  // Cookie, compressed length.
  private static final int COMPRESSED_HEADER_BYTES = 8;

  private final long highest;
  /** The stored form while {@link #decoded} is null: {@code length} bytes of {@code bytes} from {@code offset}. */
  private final byte[] bytes;
  private final int offset;
  private final int length;
  /** Int counts are plenty for one minute and halve the array to allocate. */
  private IntCountsHistogram decoded;

  /** An empty histogram of values up to {@code highest}; larger ones are recorded as {@code highest}. */
  StoredHistogram(long highest) {
    this(highest, null, 0, 0);
  }

  private StoredHistogram(long highest, byte[] bytes, int offset, int length) {
    this.highest = highest;
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
  }

  /** The histogram stored in {@code length} bytes of {@code bytes} from {@code offset}; none is empty. */
  static StoredHistogram read(long highest, byte[] bytes, int offset, int length) {
    if (length > 0) {
      ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
      int cookie = in.getInt() & ~COOKIE_WORD_SIZE_BITS;
      int payload = in.getInt();
      int expected = cookie == PLAIN_COOKIE ? PLAIN_HEADER_BYTES + payload
          : cookie == COMPRESSED_COOKIE ? COMPRESSED_HEADER_BYTES + payload : -1;
      if (payload < 0 || expected != length) {
        throw new IllegalArgumentException("no histogram cookie or wrong histogram length");
      }
    }
    return new StoredHistogram(highest, bytes, offset, length);
  }

  /** Records a value, 0 for a negative one and {@code highest} for a larger one. */
  void record(long value) {
    histogram().recordValue(Math.min(Math.max(0, value), highest));
  }

  /** Whether nothing was recorded; decodes a stored histogram (an empty one may have been stored as one). */
  boolean isEmpty() {
    return decoded == null && length == 0 || histogram().getTotalCount() == 0;
  }

  IntCountsHistogram histogram() {
    if (decoded == null) {
      decoded = length == 0 ? new IntCountsHistogram(highest, SIGNIFICANT_DIGITS) : decode();
    }
    return decoded;
  }

  /** The most {@link #writeTo} may write. */
  int maxStoredLength() {
    return decoded == null ? length : decoded.getNeededByteBufferCapacity();
  }

  /** Writes the stored form at the buffer's position: as read when untouched, else plain. Returns its length. */
  int writeTo(ByteBuffer out) {
    if (decoded == null) {
      if (length > 0) {
        out.put(bytes, offset, length);
      }
      return length;
    }
    return decoded.getTotalCount() == 0 ? 0 : decoded.encodeIntoByteBuffer(out);
  }

  private IntCountsHistogram decode() {
    try {
      if ((ByteBuffer.wrap(bytes, offset, length).getInt() & ~COOKIE_WORD_SIZE_BITS) == COMPRESSED_COOKIE) {
        // Only values from before the plain form: not tuned. A fresh buffer, not a slice: the decoder reads the
        // backing array from its start.
        ByteBuffer compressed = ByteBuffer.wrap(Arrays.copyOfRange(bytes, offset, offset + length));
        return IntCountsHistogram.decodeFromCompressedByteBuffer(compressed, highest);
      }
      return IntCountsHistogram.decodeFromByteBuffer(ByteBuffer.wrap(bytes, offset, length), highest);
    } catch (DataFormatException | RuntimeException e) {
      throw new SerializationException("unreadable histogram in a minute aggregate (" + length + " bytes)", e);
    }
  }
}
