package io.chatrelay.infra;

/** Stands in for a dev-mode JVM: starts a Redis, reports its port, then waits to be terminated. */
public final class RedisOwnerMain {

    private RedisOwnerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedRedis redis = EmbeddedRedis.start(0);
        System.out.println("PORT " + redis.port());
        System.out.flush();
        Thread.currentThread().join(); // never closes the Redis itself: only the JVM exit may stop it
    }
}
