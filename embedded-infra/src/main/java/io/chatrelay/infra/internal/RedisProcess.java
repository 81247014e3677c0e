package io.chatrelay.infra.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One redis-server child process on 127.0.0.1; unless its owner takes that on, it dies with the JVM at the latest. */
public final class RedisProcess implements AutoCloseable {

    public static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private static final Logger LOG = LoggerFactory.getLogger(RedisProcess.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final int OUTPUT_WAIT_MS = 500;
    private static final int OUTPUT_LINES_KEPT = 20;

    private final int port;
    private final Process process;
    private final Thread shutdownHook;
    private final Thread outputPump;
    private final Deque<String> recentOutput = new ArrayDeque<>();

    private RedisProcess(Path binary, Path configFile, int port, List<String> settings, boolean stopAtJvmExit) {
        this.port = port;
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        if (configFile != null) {
            // A configuration file must come first; Sentinel needs one to record what it learns.
            command.add(configFile.toString());
        }
        command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--daemonize", "no"));
        command.addAll(settings);
        try {
            this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot launch " + binary, e);
        }
        // Why a hook per process: a leaked redis-server would keep the port and the data directory
        // busy for the next run. Owners that close it from a hook of their own go without, so that
        // Redis outlives the clients those owners close first.
        this.shutdownHook = stopAtJvmExit ? new Thread(this::destroy, "redis-" + port + "-shutdown") : null;
        if (shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        this.outputPump = new Thread(this::pumpOutput, "redis-" + port + "-output");
        outputPump.setDaemon(true);
        outputPump.start();
    }

    /**
     * Launches {@code binary} on {@code port} with extra {@code --name value} settings and waits for PING; a shutdown
     * hook stops it at JVM exit.
     */
    public static RedisProcess start(Path binary, int port, List<String> settings) {
        return start(binary, port, settings, true);
    }

    /** As {@link #start(Path, int, List)}; without {@code stopAtJvmExit} the caller must close it before exiting. */
    public static RedisProcess start(Path binary, int port, List<String> settings, boolean stopAtJvmExit) {
        return start(binary, null, port, settings, stopAtJvmExit);
    }

    /** As {@link #start(Path, int, List)}, reading {@code configFile} first (null for none). */
    public static RedisProcess start(Path binary, Path configFile, int port, List<String> settings) {
        return start(binary, configFile, port, settings, true);
    }

    private static RedisProcess start(Path binary, Path configFile, int port, List<String> settings,
        boolean stopAtJvmExit) {
        RedisProcess redis = new RedisProcess(binary, configFile, port, settings, stopAtJvmExit);
        try {
            redis.awaitPong();
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
        return redis;
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the server (SIGTERM lets it flush its append-only file) and waits for it to exit. */
    @Override
    public void close() {
        destroy();
        removeShutdownHook();
    }

    /** SIGKILL: the server gets no chance to flush anything. Waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        removeShutdownHook();
    }

    private void removeShutdownHook() {
        if (shutdownHook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook runs destroy(), which is idempotent.
        }
    }

    private void destroy() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("redis-server on port {} ignored SIGTERM for {}; killing it", port, STOP_GRACE);
                process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void awaitPong() {
        Retry.until("redis-server on port " + port + " to answer PING", START_TIMEOUT, () -> {
            if (!process.isAlive()) {
                outputPump.join(OUTPUT_WAIT_MS); // let the last lines (the reason) arrive
                throw new Retry.GiveUp("redis-server on port " + port + " exited with code "
                    + process.exitValue() + "; its last output: " + recentOutput());
            }
            return RedisProbe.isReady(port, process.pid()) ? Boolean.TRUE : null;
        });
    }

    private void pumpOutput() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                LOG.debug("redis-server {}: {}", port, line);
                synchronized (recentOutput) {
                    if (recentOutput.size() == OUTPUT_LINES_KEPT) {
                        recentOutput.removeFirst();
                    }
                    recentOutput.addLast(line);
                }
            }
        } catch (IOException e) {
            LOG.debug("Output of redis-server {} ended: {}", port, e.toString());
        }
    }

    private String recentOutput() {
        synchronized (recentOutput) {
            return String.join(" | ", recentOutput);
        }
    }
}
