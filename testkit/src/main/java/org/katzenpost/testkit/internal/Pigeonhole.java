package org.katzenpost.testkit.internal;

import java.time.Duration;
import org.katzenpost.thin.internal.wire.Request;

/** Pigeonhole simulation (placeholder: answers error 4 until implemented). */
final class Pigeonhole {
    private final SimCore core;

    Pigeonhole(SimCore core) {
        this.core = core;
    }

    void failNextCopy(int replica, long index) {}

    int boxCount() {
        return 0;
    }

    void handle(SimConnection c, Request req, Duration extra) {
        var err = Replies.error(req, Replies.INTERNAL_ERROR, 0);
        if (err != null) {
            c.send(err);
        }
    }
}
