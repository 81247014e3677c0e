package io.chatrelay.infra;

import io.chatrelay.infra.internal.FreePorts;
import io.chatrelay.infra.internal.RedisBinary;
import io.chatrelay.infra.internal.RedisProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A real redis-server child process listening on 127.0.0.1. Uses the redis-server on the PATH if
 * there is one, else the binary shipped with the embedded-redis library. The process is stopped
 * by {@link #close()} or, at the latest, when the JVM exits (by a hook of its own unless started with
 * {@link JvmExit#CALLER_CLOSES}).
 */
public final class EmbeddedRedis extends RestartableServer {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);

    private final Path binary;
    private final int port;
    private final Optional<Path> dataDir;
    private final JvmExit exit;
    private RedisProcess process;

    private EmbeddedRedis(Path binary, int port, Optional<Path> dataDir, JvmExit exit) {
        this.binary = binary;
        this.port = port;
        this.dataDir = dataDir;
        this.exit = Objects.requireNonNull(exit, "exit");
        startServer();
    }

    /**
     * Starts a Redis without persistence: its data lives in memory only and is gone after
     * {@link #restart()}.
     *
     * @param port the port, or 0 to pick a free one (kept for {@link #restart()})
     */
    public static EmbeddedRedis start(int port) {
        return new EmbeddedRedis(RedisBinary.locate(), FreePorts.resolve(port), Optional.empty(), JvmExit.OWN_HOOK);
    }

    /**
     * Starts a Redis that keeps its data in an append-only file under {@code dataDir}, so it
     * survives {@link #restart()} and a new {@code start} on the same directory.
     */
    public static EmbeddedRedis start(Path dataDir, int port) {
        return start(dataDir, port, JvmExit.OWN_HOOK);
    }

    /**
     * As {@link #start(Path, int)}, with the choice of who stops the server at JVM exit: a hook of its own, or the
     * caller (who then closes it after the clients that still need it).
     */
    public static EmbeddedRedis start(Path dataDir, int port, JvmExit exit) {
        Objects.requireNonNull(dataDir, "dataDir");
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create Redis data directory " + dataDir, e);
        }
        return new EmbeddedRedis(RedisBinary.locate(), FreePorts.resolve(port), Optional.of(dataDir.toAbsolutePath()),
            exit);
    }

    /** The URL for clients, e.g. {@code redis://127.0.0.1:6379}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Optional<Path> dataDir() {
        return dataDir;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.close();
        process = null;
        LOG.info("Redis {} stopped", url());
    }

    /**
     * Kills the server with SIGKILL, as a crash would: nothing is flushed, and without a data directory everything
     * it held is gone. {@link #restart()} starts it again on the same port. Does nothing if already stopped.
     */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.kill();
        process = null;
        LOG.info("Redis {} killed (SIGKILL)", url());
    }

    @Override
    protected String describe() {
        return "Redis " + url();
    }

    @Override
    protected synchronized void startServer() {
        long startNanos = System.nanoTime();
        process = RedisProcess.start(binary, port, settings(), exit == JvmExit.OWN_HOOK);
        LOG.info("Redis {} started in {} ms ({}, {})", url(),
            Duration.ofNanos(System.nanoTime() - startNanos).toMillis(), binary,
            dataDir.map(dir -> "data in " + dir).orElse("no persistence"));
    }

    private List<String> settings() {
        // RDB snapshots stay off in both modes: the append-only file alone is enough to keep
        // dev-mode views across restarts, and snapshots would fork a copy of the server.
        return dataDir
            .map(dir -> List.of("--save", "", "--appendonly", "yes", "--dir", dir.toString()))
            .orElse(List.of("--save", "", "--appendonly", "no"));
    }

    @Override
    public String toString() {
        return "EmbeddedRedis[" + url() + "]";
    }
}
