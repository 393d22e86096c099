package org.katzenpost.thin.internal.session;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.katzenpost.thin.internal.transport.Transport;
import org.katzenpost.thin.internal.wire.Frames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transport connection to kpclientd: serialised frame writes, the buffered frame reader its reader thread
 * uses, and the flags that thread sets.
 *
 * <p>Reading goes through a 64 KiB buffer, so a burst of replies costs one system call rather than three per
 * frame, and into a reused frame buffer (see {@link Frames.FrameReader}).
 *
 * <p>Writing: on stream transports a frame is copied into a write buffer and handed to the kernel with one
 * write, and when other threads are already waiting for the write lock the holder leaves the flush to the
 * last of them, so concurrent callers share system calls. Every frame is flushed before the thread that
 * flushes it returns, and no frame waits for a later caller that is not already queued for the lock.
 */
final class Connection {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final int WRITE_BUFFER = 64 * 1024;
    private static final int READ_BUFFER = 64 * 1024;

    final Transport transport;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicInteger waitingWriters = new AtomicInteger();
    private final OutputStream out;
    private final boolean coalesce;
    private final byte[] writeBuffer;
    private int buffered;
    final Frames.FrameReader frames;
    volatile boolean shutdownAnnounced;
    volatile boolean handshakeTimedOut;
    volatile boolean closed;
    Thread reader;

    Connection(Transport transport) {
        this.transport = transport;
        this.out = transport.output();
        this.coalesce = transport.coalescesWrites();
        this.writeBuffer = coalesce ? new byte[WRITE_BUFFER] : null;
        this.frames = new Frames.FrameReader(new BufferedInputStream(transport.input(), READ_BUFFER));
    }

    /** Writes one frame; frames from different threads never interleave. */
    void write(byte[] body) throws IOException {
        Frames.checkLength(body.length);
        waitingWriters.incrementAndGet();
        writeLock.lock();
        try {
            int queuedBehindUs = waitingWriters.decrementAndGet();
            if (closed) {
                buffered = 0;
                throw new IOException("connection to kpclientd is closed");
            }
            if (!coalesce) {
                Frames.write(out, body);
                return;
            }
            int need = 4 + body.length;
            if (need > writeBuffer.length - buffered) {
                flushBuffer();
            }
            if (need > writeBuffer.length) {
                Frames.write(out, body); // larger than the buffer: one array of its own, one write
                return;
            }
            byte[] b = writeBuffer;
            int n = body.length;
            b[buffered] = (byte) (n >>> 24);
            b[buffered + 1] = (byte) (n >>> 16);
            b[buffered + 2] = (byte) (n >>> 8);
            b[buffered + 3] = (byte) n;
            System.arraycopy(body, 0, b, buffered + 4, n);
            buffered += need;
            if (queuedBehindUs == 0) {
                flushBuffer();
            } // else a thread queued for the lock writes it together with its own frame
        } catch (IOException e) {
            buffered = 0;
            throw e;
        } finally {
            writeLock.unlock();
        }
    }

    private void flushBuffer() throws IOException {
        if (buffered > 0) {
            int n = buffered;
            buffered = 0;
            out.write(writeBuffer, 0, n);
            out.flush();
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
