package org.katzenpost.thin.internal.session;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.locks.ReentrantLock;
import org.katzenpost.thin.internal.transport.Transport;
import org.katzenpost.thin.internal.wire.Frames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One transport connection to kpclientd: serialised frame writes and the flags its reader sets. */
final class Connection {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    final Transport transport;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final OutputStream out;
    volatile boolean shutdownAnnounced;
    volatile boolean handshakeTimedOut;
    volatile boolean closed;
    Thread reader;

    Connection(Transport transport) {
        this.transport = transport;
        this.out = transport.output();
    }

    /** Writes one frame; frames from different threads never interleave. */
    void write(byte[] body) throws IOException {
        writeLock.lock();
        try {
            if (closed) {
                throw new IOException("connection to kpclientd is closed");
            }
            Frames.write(out, body);
        } finally {
            writeLock.unlock();
        }
    }

    void close() {
        closed = true;
        try {
            transport.close();
        } catch (IOException e) {
            log.debug("closing transport {}: {}", transport.describe(), e.toString());
        }
    }
}
