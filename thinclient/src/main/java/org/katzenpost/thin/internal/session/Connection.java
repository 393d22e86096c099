package org.katzenpost.thin.internal.session;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.katzenpost.thin.internal.transport.Transport;
import org.katzenpost.thin.internal.wire.Frames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transport connection to kpclientd: the outgoing frame queue and its writer, the buffered frame reader its
 * reader thread uses, and the flags that thread sets.
 *
 * <p>Reading goes through a 64 KiB buffer, so a burst of replies costs one system call rather than three per
 * frame, and into a reused frame buffer (see {@link Frames.FrameReader}).
 *
 * <p>Writing (docs/reliability.md, "Bounded writes"): a caller never waits on a daemon that does not read. It
 * queues its frame with {@link #enqueue} and returns at once, so no caller is ever held by a daemon that does not
 * read. The one exception cannot wait either: a blocking call and {@code close()} write a small frame themselves
 * ({@link #writeHereIfFree}) when the daemon has answered every frame written before it, because then nothing of
 * ours is left in the kernel's send buffer (an answer acknowledges the bytes it answers), and saves the thread
 * hand-off to a writer and back (docs/performance.md, "Connect and close in a loop").
 * One writer task at a time (started through the session's {@link Completions#writers()} when frames are
 * queued and none is running, and ended when the queue is empty) takes the queued frames in order. On stream
 * transports it copies as many as fit into a 64 KiB write buffer and hands them to the kernel with one write, so
 * concurrent callers share system calls; WebSocket gets one message per frame.
 *
 * <ul>
 *   <li>A queued frame whose call has already finished (deadline passed, cancelled) is dropped before its first
 *       byte is written: withdrawing it is safe.</li>
 *   <li>A frame whose first byte has been written is written to the end even if its call has finished, because
 *       stopping in the middle would corrupt the stream.</li>
 *   <li>If a write makes no progress for the write-stall limit, the daemon is not reading: the connection is
 *       declared broken and closed (which unblocks the writer), and the session's reconnect logic takes over.
 *       Progress is checked per chunk of at most 64 KiB, so a large frame that is being read slowly is not a
 *       stall. The {@link StallWatch} checks this, and that a frame being read does not stop halfway.</li>
 * </ul>
 */
final class Connection {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final int WRITE_BUFFER = 64 * 1024;
    private static final int CHUNK = 64 * 1024;
    private static final int READ_BUFFER = 64 * 1024;
    /**
     * The largest frame (with its length prefix) a caller writes itself: fits an empty send buffer of any size
     * Linux allows, so the write returns at once.
     */
    static final int WRITE_HERE_MAX = 4 * 1024;

    /** What the writer does with a frame that could not be written (the connection broke). */
    interface WriteFailureHandler {
        void failed(Outgoing frame, IOException cause);
    }

    /** One frame waiting to be written: the call it belongs to (null for one-way frames) and a completion. */
    static final class Outgoing {
        final byte[] body;
        final PendingCall<?> call;
        /** Completed when the frame is written, exceptionally when it cannot be; null when nobody waits. */
        final CompletableFuture<Void> written;

        Outgoing(byte[] body, PendingCall<?> call, CompletableFuture<Void> written) {
            this.body = body;
            this.call = call;
            this.written = written;
        }

        /** The call finished before the frame's first byte went out: dropping it is safe. */
        boolean withdrawn() {
            return call != null && call.future.isDone();
        }

        /** Numbers this frame (the n-th written on {@code c}), so that the reply to its call proves it was read. */
        void numbered(Connection c, long n) {
            if (call != null) {
                call.writtenFrame = n;
                call.writtenOn = c; // volatile: publishes the number to the reader
            }
        }

        void done() {
            if (call != null) {
                call.sent = true;
            }
            if (written != null) {
                written.complete(null);
            }
        }
    }

    final Transport transport;
    private final OutputStream out;
    private final boolean coalesce;
    private final Executor writerPool;
    private final WriteFailureHandler onFailure;
    private final ConcurrentLinkedQueue<Outgoing> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writerActive = new AtomicBoolean();
    private final StallWatch stalls;
    /**
     * Only the writer task touches these two. The buffer is allocated by the first write that needs it: a
     * client that is never used does not pay for it.
     */
    private byte[] writeBuffer;
    private final List<Outgoing> batch = new ArrayList<>();
    /**
     * Frames written on this connection, the handshake's included; only the handshake (before anything is queued)
     * and then the holder of the writer role touch it.
     */
    private long framesWritten;
    /** The daemon has read every frame up to this number: it answered this one (set by the reader). */
    private volatile long framesAnswered;
    /** Whether a caller's thread may write here at all (stream transports an interrupt cannot close). */
    private final boolean writeHereAllowed;
    final Frames.FrameReader frames;
    volatile boolean shutdownAnnounced;
    volatile boolean handshakeTimedOut;
    volatile boolean closed;
    /** Why this side gave up on the connection (a write stall or failure), for the reader's report; or null. */
    volatile String brokenReason;
    /** The reader ended the connection because the daemon broke the protocol (see {@link Dispatcher}). */
    volatile Throwable protocolFailure;
    /** nanoTime when the handshake finished. */
    volatile long attachedAt;
    /** The thread reading this connection while it does (a shared worker renamed for the time), else null. */
    volatile Thread reader;
    /** Counted down when this connection's reader has ended (never, if it was not started). */
    final CountDownLatch readerEnded = new CountDownLatch(1);
    /** Whether a reader was started for this connection. */
    volatile boolean readerStarted;

    Connection(Transport transport, Executor writerPool, ScheduledExecutorService timer, Duration writeStall,
            WriteFailureHandler onFailure) {
        this.transport = transport;
        this.out = transport.output();
        this.coalesce = transport.coalescesWrites();
        this.writerPool = writerPool;
        this.onFailure = onFailure;
        this.stalls = new StallWatch(this, timer, writeStall); // before the reader, which reports frames to it
        this.frames = new Frames.FrameReader(new BufferedInputStream(transport.input(), READ_BUFFER),
                stalls::frameStarted);
        this.writeHereAllowed = coalesce && transport.writesIgnoreInterrupts();
    }

    /**
     * Writes one frame on the calling thread, for the handshake only (before any frame is queued). Bounded by the
     * handshake watchdog, which closes the connection.
     */
    void writeNow(byte[] body) throws IOException {
        if (closed) {
            throw new IOException("connection to kpclientd is closed");
        }
        framesWritten++;
        Frames.write(out, body);
    }

    /** The daemon answered frame {@code n} (and so has read it and every frame before it). */
    void answered(long n) {
        if (n > framesAnswered) {
            framesAnswered = n; // only the reading thread (the handshake's, then the reader) calls this
        }
    }

    /** The daemon answered every frame written so far (the handshake's session token, once it is answered). */
    void answeredAll() {
        answered(framesWritten);
    }

    /**
     * Writes {@code o} on the calling thread if that cannot block: the frame is small, nothing is queued or being
     * written, and the daemon has answered every frame written before (so our send buffer is empty); else queues
     * it like {@link #enqueue}. For a thread that waits for the frame's answer anyway (a blocking call,
     * {@code close()}): it saves waking a writer and being woken by it.
     */
    void writeHereIfFree(Outgoing o) {
        if (!writeHereAllowed || o.body == null || 4 + o.body.length > WRITE_HERE_MAX || closed
                || Thread.currentThread().isInterrupted() || !writerActive.compareAndSet(false, true)) {
            enqueue(o);
            return;
        }
        boolean written = false;
        try {
            // the writer role is ours: framesWritten is current, and nobody else writes
            if (queue.isEmpty() && framesAnswered == framesWritten && !closed && !o.withdrawn()) {
                // cannot stall; still under the write-stall limit like any write, should a kernel think otherwise
                stalls.watchWrites();
                writeOne(o);
                written = true;
            }
        } catch (IOException e) {
            written = true; // failed, as the writer fails a frame
            if (!closed) {
                brokenReason = "writing to kpclientd failed: " + e.getMessage();
                log.debug("write to {} failed: {}", transport.describe(), e.toString());
            }
            close();
            fail(o, e);
        } finally {
            writerActive.set(false);
            // a frame queued meanwhile relied on us as its writer: hand it to one
            if (!queue.isEmpty() && writerActive.compareAndSet(false, true)) {
                startWriter();
            }
        }
        if (!written) {
            enqueue(o);
        }
    }

    /** One frame, prefix and body in one write, by the holder of the writer role. */
    private void writeOne(Outgoing o) throws IOException {
        byte[] body = o.body;
        int n = body.length;
        byte[] b = writeBuffer(4 + n);
        b[0] = (byte) (n >>> 24);
        b[1] = (byte) (n >>> 16);
        b[2] = (byte) (n >>> 8);
        b[3] = (byte) n;
        System.arraycopy(body, 0, b, 4, n);
        o.numbered(this, ++framesWritten);
        stalls.writeStarted();
        out.write(b, 0, 4 + n);
        out.flush();
        stalls.writeEnded();
        o.done();
    }

    /**
     * The write buffer, at least {@code size} bytes (at most {@link #WRITE_BUFFER}), keeping what it holds: it
     * grows with the batches, so a client that only makes small calls never allocates the whole 64 KiB.
     */
    private byte[] writeBuffer(int size) {
        byte[] b = writeBuffer;
        if (b == null || b.length < size) {
            int grown = Math.min(WRITE_BUFFER, Math.max(size, b == null ? 1024 : 2 * b.length));
            b = b == null ? new byte[grown] : Arrays.copyOf(b, grown);
            writeBuffer = b;
        }
        return b;
    }

    /** Queues a frame; never blocks. If the connection is closed the frame fails at once through the handler. */
    void enqueue(Outgoing o) {
        if (o.body != null) {
            Frames.checkLength(o.body.length);
        }
        queue.add(o);
        if (closed) {
            if (queue.remove(o)) {
                fail(o, new IOException("connection to kpclientd is closed"));
            }
            return;
        }
        if (!writerActive.get() && writerActive.compareAndSet(false, true)) {
            startWriter();
        }
    }

    /**
     * A future completed once every frame queued before this call has been written (exceptionally if the connection
     * breaks first); for {@code disconnect()}, which leaves without {@code thin_close} but not without the frames
     * it was asked to send.
     */
    CompletableFuture<Void> drained() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        enqueue(new Outgoing(null, null, f));
        return f;
    }

    /**
     * Drops the queued frames of calls (their calls are being failed by the caller); one-way frames such as
     * {@code send_message} stay, so that a message sent just before {@code close()} still goes out.
     */
    void withdrawQueuedCalls() {
        queue.removeIf(o -> o.call != null);
    }

    /** Frames waiting to be written (for tests and diagnostics). */
    int queued() {
        return queue.size();
    }

    private void startWriter() {
        stalls.watchWrites();
        try {
            writerPool.execute(this::writeLoop);
        } catch (RejectedExecutionException e) {
            // the session is closing: the frames can no longer go out
            writerActive.set(false);
            failQueued(new IOException("client is closing"));
        }
    }

    private void writeLoop() {
        try {
            while (true) {
                writeQueued();
                writerActive.set(false);
                // A frame queued after our last poll either saw us active (and relies on us) or started a writer
                // itself; re-checking covers the first case.
                if (queue.isEmpty() || !writerActive.compareAndSet(false, true)) {
                    return;
                }
            }
        } catch (IOException e) {
            if (!closed) {
                brokenReason = "writing to kpclientd failed: " + e.getMessage();
                log.debug("write to {} failed: {}", transport.describe(), e.toString());
            }
            close();
            for (Outgoing o : batch) {
                fail(o, e);
            }
            batch.clear();
            writerActive.set(false);
            failQueued(e);
        } catch (RuntimeException | Error e) {
            brokenReason = "internal error in the writer: " + e;
            log.error("writer failed; dropping the connection so that callers are not left waiting", e);
            close();
            writerActive.set(false);
            failQueued(new IOException(brokenReason, e));
        }
    }

    private void failQueued(IOException e) {
        Outgoing o;
        while ((o = queue.poll()) != null) {
            fail(o, e);
        }
    }

    private void fail(Outgoing o, IOException e) {
        if (o.written != null) {
            o.written.completeExceptionally(e);
        }
        if (o.call != null && onFailure != null) {
            onFailure.failed(o, e);
        }
    }

    private void writeQueued() throws IOException {
        Outgoing o;
        int buffered = 0;
        while ((o = queue.poll()) != null) {
            if (closed) {
                batch.add(o);
                throw new IOException("connection to kpclientd is closed");
            }
            if (o.withdrawn()) {
                continue;
            }
            if (o.body == null) { // a barrier: everything before it is written once the batch is
                buffered = flushBatch(buffered);
                o.done();
                continue;
            }
            byte[] body = o.body;
            int need = 4 + body.length;
            if (!coalesce || need > WRITE_BUFFER) {
                buffered = flushBatch(buffered);
                batch.add(o);
                o.numbered(this, ++framesWritten);
                writeFrame(body);
                batch.clear();
                o.done();
                continue;
            }
            if (need > WRITE_BUFFER - buffered) {
                buffered = flushBatch(buffered);
            }
            byte[] b = writeBuffer(buffered + need);
            int n = body.length;
            b[buffered] = (byte) (n >>> 24);
            b[buffered + 1] = (byte) (n >>> 16);
            b[buffered + 2] = (byte) (n >>> 8);
            b[buffered + 3] = (byte) n;
            System.arraycopy(body, 0, b, buffered + 4, n);
            buffered += need;
            o.numbered(this, ++framesWritten);
            batch.add(o);
        }
        flushBatch(buffered);
    }

    /** Writes the buffered frames and marks them written; returns the new fill (0). */
    private int flushBatch(int buffered) throws IOException {
        if (buffered > 0) {
            stalls.writeStarted();
            out.write(writeBuffer, 0, buffered);
            out.flush();
            stalls.writeEnded();
            for (Outgoing o : batch) {
                o.done();
            }
        }
        batch.clear();
        return 0;
    }

    /** One frame on its own: the prefix, then the body in chunks (progress is noted after each), then a flush. */
    private void writeFrame(byte[] body) throws IOException {
        stalls.writeStarted();
        out.write(Frames.prefix(body.length));
        for (int off = 0; off < body.length; off += CHUNK) {
            out.write(body, off, Math.min(CHUNK, body.length - off));
            stalls.chunkWritten();
        }
        out.flush();
        stalls.writeEnded();
    }

    /** Whether the writer role is held: a writer task runs, or a caller writes itself (for the stall watch). */
    boolean writerActive() {
        return writerActive.get();
    }

    /** Drops the connection because the daemon stalled (found by the {@link StallWatch}); for the reader's report. */
    void stalled(String reason) {
        brokenReason = reason;
        log.warn("{} at {}", brokenReason, transport.describe());
        close();
    }

    /** Closes the transport, which unblocks the reader and a blocked writer; idempotent, any thread. */
    void close() {
        closed = true;
        stalls.cancel(); // a pending check holds this connection until it runs
        try {
            transport.close();
        } catch (IOException e) {
            log.debug("closing transport {}: {}", transport.describe(), e.toString());
        }
    }
}
