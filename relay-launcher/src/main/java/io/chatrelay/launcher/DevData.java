package io.chatrelay.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The dev stack's data directory. {@code ./relay} points the JVM's temporary directory inside it, and libraries
 * unpack native code there on first use (the bundled {@code redis-server}, RocksDB's shared library for chat
 * analytics), so wiping it for {@code --fresh} must leave the temporary directory in place.
 */
final class DevData {

  private DevData() {}

  /** The directory the JVM writes temporary files to. */
  static Path jvmTempDir() {
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  /**
   * Deletes everything under {@code dataDir} except {@code keep} (and what is inside it), when {@code keep} lies
   * inside {@code dataDir}; returns whether anything was there to delete.
   */
  static boolean wipe(Path dataDir, Path keep) {
    if (!Files.exists(dataDir)) {
      return false;
    }
    Path data = dataDir.toAbsolutePath().normalize();
    Path kept = keep.toAbsolutePath().normalize();
    try (Stream<Path> paths = Files.walk(data)) {
      paths.sorted(Comparator.reverseOrder())
          .filter(p -> !p.startsWith(kept) && !kept.startsWith(p))
          .forEach(DevData::delete);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dataDir, e);
    }
    return true;
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }
}
