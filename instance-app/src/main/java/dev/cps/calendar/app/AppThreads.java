package dev.cps.calendar.app;

import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads an app runs on besides the change feed's reader: one timer thread for its periodic
 * work (event-stream heartbeats, config polls, session checks) and Jetty's pool. An app in its own
 * process owns them ({@link #own()}); the local stack, which runs every calendar in one process,
 * gives all its apps the same ones ({@link #shared}), so a calendar costs a few threads, not twenty.
 */
public final class AppThreads implements AutoCloseable {

    private final ScheduledExecutorService timers;
    private final QueuedThreadPool jetty;
    private final boolean shared;

    private AppThreads(ScheduledExecutorService timers, QueuedThreadPool jetty, boolean shared) {
        this.timers = timers;
        this.jetty = jetty;
        this.shared = shared;
    }

    /** One timer thread of the app's own; Jetty sizes its pool as usual. */
    public static AppThreads own() {
        return new AppThreads(Executors.newSingleThreadScheduledExecutor(daemons("app-timers")), null, false);
    }

    /**
     * Threads for every app of a process: timers on {@code timerThreads} threads, and one Jetty pool
     * that grows as the apps need (each server keeps an acceptor and a selector in it) and shrinks when idle.
     */
    public static AppThreads shared(String name, int timerThreads) {
        var timers = new ScheduledThreadPoolExecutor(timerThreads, daemons(name + "-timers"));
        timers.setRemoveOnCancelPolicy(true); // a stopped app's tasks go at once, not at their next run
        var jetty = new QueuedThreadPool(10_000, 4, 30_000);
        jetty.setName(name + "-http");
        jetty.setReservedThreads(0);
        jetty.setDaemon(true);
        try {
            jetty.start(); // started before any server: then no server stops it when it stops
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the shared Jetty thread pool", e);
        }
        return new AppThreads(timers, jetty, true);
    }

    public ScheduledExecutorService timers() {
        return timers;
    }

    /** The Jetty pool to use; empty: the server makes its own. */
    public Optional<ThreadPool> jettyPool() {
        return Optional.ofNullable(jetty);
    }

    /** What an app does when it stops: its own threads end, shared ones stay for the others. */
    public void release() {
        if (!shared) {
            close();
        }
    }

    /** Ends the threads; for shared ones, once every app that used them has stopped. */
    @Override
    public void close() {
        timers.shutdownNow();
        if (jetty != null) {
            try {
                jetty.stop();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop the shared Jetty thread pool", e);
            }
        }
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
