package org.katzenpost.thin.internal.transport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Received message payloads (WebSocket) as one byte stream: a producer thread {@link #add}s, a reader
 * reads.
 *
 * <p>{@link #add} never blocks, because the producers are library threads that must not stall (the JDK
 * WebSocket's delivery, Java-WebSocket's shared workers). The buffer is bounded in one of two ways: the
 * producer stops asking for data while {@link #wantsMore} is false (flow control, the client side), or
 * {@link #add} refuses data beyond a hard {@code limit} (a protocol error, the simulator side).
 *
 * <p>After {@link #eof()} the reader gets the buffered bytes and then end of stream; after
 * {@link #fail} the buffered bytes and then that exception. {@link #close()} is a local close: buffered
 * bytes are dropped and a blocked or later read fails. Data added after any of these is dropped.
 */
public final class BytePipe extends BulkInputStream {
    private final long limit;
    private final String closedMessage;
    private final Runnable afterRead;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int headOffset;
    private long buffered;
    private boolean eof;
    private boolean closed;
    private IOException failure;

    /**
     * @param limit most bytes buffered at once; {@link #add} refuses more
     * @param closedMessage message of the {@link IOException} a read gets after {@link #close()}
     * @param afterRead run (without the lock held) after each read that took bytes, e.g. to ask the
     *     producer for more
     */
    public BytePipe(long limit, String closedMessage, Runnable afterRead) {
        this.limit = limit;
        this.closedMessage = closedMessage;
        this.afterRead = afterRead;
    }

    /** A pipe with a hard limit and nothing to do after a read. */
    public BytePipe(long limit, String closedMessage) {
        this(limit, closedMessage, () -> {});
    }

    /**
     * Appends a payload (consuming {@code data}). False if that would exceed the limit, and nothing is
     * added then; true, and the data is dropped, after end of stream, failure or close.
     */
    public boolean add(ByteBuffer data) {
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
    public void eof() {
        lock.lock();
        try {
            eof = true;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The reader gets {@code e} after the buffered bytes (unless end of stream came first). */
    public void fail(IOException e) {
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

    /** True until end of stream, failure or close: data added now would be read. */
    public boolean isOpen() {
        return wantsMore(Long.MAX_VALUE);
    }

    /** True while the pipe {@link #isOpen()} and fewer than {@code highWater} bytes wait. */
    public boolean wantsMore(long highWater) {
        lock.lock();
        try {
            return !closed && !eof && failure == null && buffered < highWater;
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected int readSome(byte[] b, int off, int len) throws IOException {
        int n = 0;
        lock.lock();
        try {
            while (buffered == 0) {
                if (closed) {
                    throw new IOException(closedMessage);
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
        } finally {
            lock.unlock();
        }
        afterRead.run();
        return n;
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

    /** Bytes waiting to be read. */
    public long buffered() {
        lock.lock();
        try {
            return buffered;
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
