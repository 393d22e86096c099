package org.katzenpost.store;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names this module's threads and makes them daemons, so that an application that forgets to close still exits;
 * what escapes a task is logged (the stack trace at DEBUG: a task's exception may carry a payload's details).
 * Each library module has its own: the thin client's thread helpers are internal to it (docs/api.md, "Sealed
 * internals").
 */
final class DaemonThreads implements ThreadFactory {
    private static final Logger log = LoggerFactory.getLogger(DaemonThreads.class);

    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    /** Threads named {@code prefix} followed by 1, 2, ... */
    DaemonThreads(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread t = new Thread(task, prefix + count.incrementAndGet());
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((thread, e) -> {
            log.error("{} escaped a task on thread {} (the exception at DEBUG)", e.getClass().getName(),
                    thread.getName());
            log.debug("uncaught on thread {}", thread.getName(), e);
        });
        return t;
    }
}
