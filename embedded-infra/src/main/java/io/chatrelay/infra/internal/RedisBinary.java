package io.chatrelay.infra.internal;

import redis.embedded.core.ExecutableProvider;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/** Finds a redis-server executable: the system's one if installed, else the one shipped in a jar. */
public final class RedisBinary {

    private static final String EXECUTABLE = "redis-server";

    private RedisBinary() {
    }

    /** The redis-server on the PATH (e.g. the Debian package) if any, else the bundled one. */
    public static Path locate() {
        return onPath().orElseGet(RedisBinary::bundled);
    }

    public static Optional<Path> onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(Pattern.quote(File.pathSeparator))) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, EXECUTABLE);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The binary shipped by the embedded-redis library, unpacked into java.io.tmpdir. */
    public static Path bundled() {
        try {
            return ExecutableProvider.newJarResourceProvider().get().toPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack the bundled redis-server", e);
        }
    }
}
