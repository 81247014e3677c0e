package io.chatrelay.infra.internal;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/** Polls a readiness check until it answers, with a short growing pause between attempts. */
public final class Retry {

    private static final long FIRST_PAUSE_MS = 20;
    private static final long MAX_PAUSE_MS = 250;

    private Retry() {
    }

    /** Thrown by an attempt when waiting longer cannot help (e.g. the server process died). */
    public static final class GiveUp extends IllegalStateException {
        public GiveUp(String message) {
            super(message);
        }
    }

    /**
     * Calls {@code attempt} until it returns a non-null value and returns that value. Exceptions
     * count as "not yet"; the last one becomes the cause of the timeout error.
     */
    public static <T> T until(String what, Duration timeout, Callable<T> attempt) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseMs = FIRST_PAUSE_MS;
        Throwable last = null;
        while (true) {
            try {
                T value = attempt.call();
                if (value != null) {
                    return value;
                }
            } catch (GiveUp e) {
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + what, e);
            } catch (ExecutionException e) {
                last = e.getCause();
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("Timed out after " + timeout + " waiting for " + what, last);
            }
            pause(what, pauseMs);
            pauseMs = Math.min(pauseMs * 2, MAX_PAUSE_MS);
        }
    }

    private static void pause(String what, long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + what, e);
        }
    }
}
