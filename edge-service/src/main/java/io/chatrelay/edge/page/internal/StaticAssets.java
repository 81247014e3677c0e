package io.chatrelay.edge.page.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The static files of the pages ({@code web/app/} and {@code web/govuk/} on the classpath), read once at start-up.
 * They are few and small, so memory is the simplest cache. The {@link #version()} is a hash of all of them: it is
 * part of every asset URL, so browsers may cache a file forever and still get a new one after an upgrade, and
 * every edge instance built from the same jar serves the same URLs.
 */
public final class StaticAssets {

  public static final String[] FOLDERS = {"app", "govuk"};
  private static final String ROOT = "web/";
  private static final Map<String, String> TYPES = Map.of(
      "css", "text/css; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "mjs", "text/javascript; charset=utf-8",
      "svg", "image/svg+xml",
      "png", "image/png",
      "ico", "image/x-icon",
      "txt", "text/plain; charset=utf-8");

  /** One servable file. */
  public record Asset(byte[] bytes, String contentType, String etag) {}

  private final Map<String, Asset> assets;
  private final String version;

  private StaticAssets(Map<String, Asset> assets, String version) {
    this.assets = Map.copyOf(assets);
    this.version = version;
  }

  public static StaticAssets load() {
    Map<String, byte[]> files = new TreeMap<>();
    for (String folder : FOLDERS) {
      readFolder(folder, files);
    }
    MessageDigest all = sha256();
    Map<String, Asset> assets = new TreeMap<>();
    files.forEach((path, bytes) -> {
      all.update(path.getBytes(StandardCharsets.UTF_8));
      all.update(bytes);
      typeOf(path).ifPresent(type -> assets.put(path, new Asset(bytes, type,
          "\"" + HexFormat.of().formatHex(sha256().digest(bytes), 0, 8) + "\"")));
    });
    return new StaticAssets(assets, HexFormat.of().formatHex(all.digest(), 0, 6));
  }

  public String version() {
    return version;
  }

  /** @param path relative to {@code web/}, such as {@code app/chat.js} */
  public Optional<Asset> get(String path) {
    return Optional.ofNullable(assets.get(path));
  }

  public int size() {
    return assets.size();
  }

  private static Optional<String> typeOf(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? Optional.empty() : Optional.ofNullable(TYPES.get(path.substring(dot + 1)));
  }

  private static void readFolder(String folder, Map<String, byte[]> into) {
    URL url = StaticAssets.class.getClassLoader().getResource(ROOT + folder);
    if (url == null) {
      throw new IllegalStateException(ROOT + folder + " is missing from the classpath");
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        walkJar(uri, folder, into);
      } else {
        walk(Path.of(uri), folder, into);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read static files under " + ROOT + folder, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("unexpected resource URL " + url, e);
    }
  }

  private static void walkJar(URI uri, String folder, Map<String, byte[]> into) throws IOException {
    FileSystem jar;
    boolean opened;
    try {
      jar = FileSystems.newFileSystem(uri, Map.of());
      opened = true;
    } catch (FileSystemAlreadyExistsException e) {
      jar = FileSystems.getFileSystem(uri);
      opened = false; // someone else's: leave it open
    }
    try {
      walk(jar.provider().getPath(uri), folder, into);
    } finally {
      if (opened) {
        jar.close();
      }
    }
  }

  private static void walk(Path dir, String folder, Map<String, byte[]> into) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
        String relative = dir.relativize(p).toString().replace('\\', '/');
        into.put(folder + "/" + relative, Files.readAllBytes(p));
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
