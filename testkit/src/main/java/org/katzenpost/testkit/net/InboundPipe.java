package org.katzenpost.testkit.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Received WebSocket message payloads as one byte stream.
 *
 * <p>{@link #add} never blocks: Java-WebSocket delivers messages on worker threads shared by all
 * connections, and a blocked worker soon blocks the server's selector thread (it has a pool of only a few
 * read buffers), which would also stop every write. Instead the pipe has a hard limit; a client that gets
 * more than {@code limit} bytes ahead of the reader is a protocol error and {@link #add} returns false.
 */
final class InboundPipe extends InputStream {
    private final long limit;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int headOffset;
    private long buffered;
    private boolean eof;
    private boolean closed;
    private IOException failure;

    InboundPipe(long limit) {
        this.limit = limit;
    }

    /** Appends a message payload; false if that would exceed the limit (nothing is added then). */
    boolean add(ByteBuffer data) {
        lock.lock();
        try {
            if (closed || eof || failure != null) {
                return true; // dropped: nobody will read it
            }
            int n = data.remaining();
            if (buffered + n > limit) {
                return false;
            }
            if (n > 0) {
                byte[] copy = new byte[n];
                data.get(copy);
                chunks.addLast(copy);
                buffered += n;
                readable.signalAll();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The peer closed: end of stream after the buffered bytes. */
    void eof() {
        lock.lock();
        try {
            eof = true;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The reader gets {@code e} after the buffered bytes. */
    void fail(IOException e) {
        lock.lock();
        try {
            if (failure == null && !eof) {
                failure = e;
            }
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        lock.lock();
        try {
            while (buffered == 0) {
                if (closed) {
                    throw new IOException("connection closed");
                }
                if (failure != null) {
                    throw new IOException(failure.getMessage(), failure);
                }
                if (eof) {
                    return -1;
                }
                try {
                    readable.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading");
                }
            }
            if (closed) {
                throw new IOException("connection closed");
            }
            int n = 0;
            while (n < len && !chunks.isEmpty()) {
                byte[] head = chunks.peekFirst();
                int take = Math.min(len - n, head.length - headOffset);
                System.arraycopy(head, headOffset, b, off + n, take);
                n += take;
                headOffset += take;
                if (headOffset == head.length) {
                    chunks.removeFirst();
                    headOffset = 0;
                }
            }
            buffered -= n;
            return n;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return (int) Math.min(Integer.MAX_VALUE, buffered);
        } finally {
            lock.unlock();
        }
    }

    /** Local close: drops buffered bytes and makes a blocked or later read fail. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            chunks.clear();
            buffered = 0;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
