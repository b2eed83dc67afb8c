package dev.cps.calendar.testing;

/** A JVM that starts a redis-server, says its port and waits to be killed: what a killed run leaves. */
public final class RedisLeftBehind {

    private RedisLeftBehind() {
    }

    public static void main(String[] args) throws InterruptedException {
        RedisServer redis = RedisServer.start();
        System.out.println("port " + redis.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
