package io.chatrelay.infra;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A JVM that started a Redis must not leave the redis-server behind when it is terminated. */
class RedisChildProcessIT {

    @Test
    void shouldStopRedisWhenOwningJvmIsTerminated() throws Exception {
        Process owner = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx64m", "-cp", System.getProperty("java.class.path"), RedisOwnerMain.class.getName())
            .redirectErrorStream(true)
            .start();
        try {
            int port = readPort(owner);
            assertThat(canConnect(port)).as("Redis answers while its JVM runs").isTrue();

            owner.destroy(); // SIGTERM, as when dev mode is ended

            assertThat(owner.waitFor(30, TimeUnit.SECONDS)).as("owner JVM exited").isTrue();
            assertThatThrownBy(() -> canConnect(port)).isInstanceOf(IOException.class);
        } finally {
            owner.destroyForcibly();
        }
    }

    private static int readPort(Process owner) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith("PORT ")) {
                return Integer.parseInt(line.substring("PORT ".length()).trim());
            }
        }
        throw new IllegalStateException("The owner JVM exited without reporting a port");
    }

    private static boolean canConnect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        }
    }
}
