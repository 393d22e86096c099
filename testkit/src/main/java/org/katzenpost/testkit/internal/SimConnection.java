package org.katzenpost.testkit.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.katzenpost.testkit.ConnectionScript;
import org.katzenpost.testkit.HandshakeStep;
import org.katzenpost.testkit.Misbehaviour;
import org.katzenpost.testkit.SimulatedConnection;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.testkit.net.Connection;
import org.katzenpost.thin.Durations;
import org.katzenpost.thin.internal.wire.Frames;
import org.katzenpost.thin.internal.wire.Responses;
import org.katzenpost.thin.internal.wire.Responses.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted client connection: a reader thread that runs the handshake prologue and then decodes and
 * handles requests in order, and a writer thread that writes queued frames and scripted actions strictly in
 * order.
 */
public final class SimConnection implements SimulatedConnection {
    private static final Logger log = LoggerFactory.getLogger(SimConnection.class);
    private static final Object POISON = new Object();

    private final long id;
    private final String transport;
    private final Connection conn;
    private final SimCore core;
    final long generation;
    final ConnectionScript script;

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private final AtomicLong framesSent = new AtomicLong();
    private volatile boolean stalled;
    private volatile boolean thinClose;
    private volatile boolean handshakeComplete;
    private volatile Boolean resumed;
    /** Set once F1 and F2 are queued: broadcasts may go out from then on. */
    volatile boolean initialSequenceDone;
    /** Guarded by the Sessions lock. */
    Session session;

    SimConnection(long id, String transport, Connection conn, SimCore core, long generation, ConnectionScript script) {
        this.id = id;
        this.transport = transport;
        this.conn = conn;
        this.core = core;
        this.generation = generation;
        this.script = script;
    }

    void start() {
        Thread w = new Thread(this::writerLoop, "kpclientd-sim-writer-" + id);
        w.setDaemon(true);
        Thread r = new Thread(this::readerLoop, "kpclientd-sim-reader-" + id);
        r.setDaemon(true);
        w.start();
        r.start();
    }

    // ------------------------------------------------------------------ SimulatedConnection

    @Override
    public long id() {
        return id;
    }

    @Override
    public String transport() {
        return transport;
    }

    @Override
    public boolean isOpen() {
        return !closed.get();
    }

    @Override
    public boolean isThinCloseReceived() {
        return thinClose;
    }

    @Override
    public boolean isHandshakeComplete() {
        return handshakeComplete;
    }

    @Override
    public Optional<Boolean> resumed() {
        return Optional.ofNullable(resumed);
    }

    @Override
    public void perform(Misbehaviour... actions) {
        for (Misbehaviour m : actions) {
            enqueueAction(java.util.Objects.requireNonNull(m, "misbehaviour"));
        }
    }

    /** Queues one frame, encoded daemon-style, after the frames already queued. */
    public void send(Response response) {
        enqueueFrame(ResponseEncoder.encode(response));
    }

    @Override
    public void drop() {
        close("dropped by the test");
    }

    @Override
    public long framesSent() {
        return framesSent.get();
    }

    @Override
    public String toString() {
        return "SimulatedConnection[" + id + ", " + transport + (isOpen() ? ", open" : ", closed") + "]";
    }

    // ------------------------------------------------------------------ writing

    /** A stall stops the reader at once; the writer still writes what was queued before it, then stops. */
    private void enqueueAction(Misbehaviour m) {
        if (m instanceof Misbehaviour.Stall) {
            stalled = true;
        }
        queue.add(m);
    }

    void enqueueFrame(byte[] body) {
        queue.add(new FrameItem(body));
    }

    void enqueue(Runnable r) {
        queue.add(r);
    }

    private record FrameItem(byte[] body) {}

    private void writerLoop() {
        OutputStream out = conn.output();
        try {
            while (true) {
                Object item = queue.take();
                if (item == POISON || closed.get()) {
                    break;
                }
                if (item instanceof FrameItem f) {
                    writeFrame(out, f.body());
                } else if (item instanceof Misbehaviour m) {
                    if (!act(out, m)) {
                        break;
                    }
                } else if (item instanceof Runnable r) {
                    r.run();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (!closed.get()) {
                log.debug("connection {}: write failed: {}", id, e.toString());
            }
            close("write failed");
        }
    }

    private void writeFrame(OutputStream out, byte[] body) throws IOException {
        // like kpclientd: prefix and body as two writes (two WebSocket messages on that transport)
        framesSent.incrementAndGet();
        out.write(Frames.prefix(body.length));
        out.write(body);
        out.flush();
    }

    /** Carries out one action on the writer; false when the writer must stop. */
    private boolean act(OutputStream out, Misbehaviour m) throws IOException, InterruptedException {
        log.debug("connection {}: {}", id, m);
        if (m instanceof Misbehaviour.Close) {
            close("scripted close");
            return false;
        } else if (m instanceof Misbehaviour.Delay d) {
            TimeUnit.NANOSECONDS.sleep(Durations.toNanos(d.duration()));
        } else if (m instanceof Misbehaviour.RawBytes r) {
            out.write(r.bytes());
            out.flush();
        } else if (m instanceof Misbehaviour.Frame f) {
            writeFrame(out, f.body());
        } else if (m instanceof Misbehaviour.TruncatedFrameThenClose t) {
            byte[] body = t.body();
            out.write(Frames.prefix(body.length));
            out.write(body, 0, t.sentBytes());
            out.flush();
            close("scripted truncated frame");
            return false;
        } else if (m instanceof Misbehaviour.Stall) {
            log.debug("connection {}: stalled", id);
            closedLatch.await();
            return false;
        } else if (m instanceof Misbehaviour.ShutdownThenClose) {
            writeFrame(out, ResponseEncoder.encode(new Responses.ShutdownFrame()));
            close("scripted shutdown");
            return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ reading

    private void readerLoop() {
        try {
            core.prologue(this);
            InputStream in = conn.input();
            while (!closed.get()) {
                if (stalled) {
                    closedLatch.await();
                    break;
                }
                byte[] body = readFrame(in);
                if (body == null) {
                    log.debug("connection {}: client closed the connection", id);
                    break;
                }
                if (stalled) {
                    closedLatch.await();
                    break;
                }
                if (!core.onFrame(this, body)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (!closed.get()) {
                log.debug("connection {}: read ended: {}", id, e.toString());
            }
        } catch (RuntimeException e) {
            log.warn("connection {}: simulator error", id, e);
        } finally {
            close("reader finished");
        }
    }

    /** One frame body, or null at a clean end of stream; an oversized prefix tears the connection down. */
    private byte[] readFrame(InputStream in) throws IOException {
        byte[] prefix = new byte[4];
        int got = 0;
        while (got < 4) {
            int n = in.read(prefix, got, 4 - got);
            if (n < 0) {
                if (got == 0) {
                    return null;
                }
                throw new EOFException("stream ended inside a length prefix");
            }
            got += n;
        }
        long length = ((prefix[0] & 0xFFL) << 24) | ((prefix[1] & 0xFFL) << 16) | ((prefix[2] & 0xFFL) << 8)
                | (prefix[3] & 0xFFL);
        if (length > Frames.MAX_FRAME_LENGTH) {
            core.noteBadFrame();
            throw new IOException("client announced a " + length + "-byte frame (limit "
                    + Frames.MAX_FRAME_LENGTH + "); tearing the connection down");
        }
        byte[] body = new byte[(int) length];
        int off = 0;
        while (off < body.length) {
            int n = in.read(body, off, body.length - off);
            if (n < 0) {
                throw new EOFException("stream ended inside a frame body");
            }
            off += n;
        }
        return body;
    }

    // ------------------------------------------------------------------ handshake helpers (reader thread)

    void runStep(HandshakeStep step) {
        for (Misbehaviour m : script.actionsAt(step)) {
            enqueueAction(m);
        }
    }

    void markThinClose() {
        thinClose = true;
    }

    void markHandshakeComplete(boolean wasResumed) {
        resumed = wasResumed;
        handshakeComplete = true;
    }

    // ------------------------------------------------------------------ closing

    /** Closes the socket (idempotent); the session table then treats it as gone. */
    void close(String why) {
        if (closed.compareAndSet(false, true)) {
            log.debug("connection {}: closing ({})", id, why);
            try {
                conn.close();
            } catch (IOException e) {
                log.debug("connection {}: close failed: {}", id, e.toString());
            }
            closedLatch.countDown();
            queue.add(POISON);
        }
        if (ended.compareAndSet(false, true)) {
            core.connectionEnded(this);
        }
    }
}
