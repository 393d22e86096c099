package org.katzenpost.thin.internal.session;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.katzenpost.thin.Dial;
import org.katzenpost.thin.ThinClientConfig;
import org.katzenpost.thin.internal.SharedThreads;
import org.katzenpost.thin.internal.transport.Transport;
import org.katzenpost.thin.internal.wire.Frames;
import org.katzenpost.thin.internal.wire.WireCodec;

/**
 * Runs daemon bytes through a real connection reader and {@link Dispatcher}, with no daemon and no socket: for the
 * dispatch fuzz target and tests, which live in other packages.
 */
public final class DispatchHarness {
    /** How one stream ended: the reader's reason and the frames it counted as malformed. */
    public record Outcome(String reason, long malformedFrames) {}

    /** The reason the reader gives for a stream that ends at a frame boundary. */
    public static final String CLEAN_END = "kpclientd closed the connection";

    private static final Session SESSION =
            new Session(ThinClientConfig.builder().dial(Dial.tcp("127.0.0.1:1")).build());

    private DispatchHarness() {}

    /**
     * Reads {@code stream} (length-prefixed frames) to its end with a fresh reader and dispatcher, as a session
     * reads its connection after the handshake, and reports how the reader ended.
     *
     * @param stream the bytes kpclientd sends
     * @return the reader's end
     * @throws InterruptedException if interrupted while waiting for the reader
     */
    public static Outcome read(byte[] stream) throws InterruptedException {
        return read(new ByteArrayInputStream(stream), Duration.ofMinutes(1));
    }

    /**
     * Reads {@code in} to its end (or until the connection is dropped) with a fresh reader and dispatcher whose
     * connection has the stall limit {@code stall}.
     *
     * @param in what kpclientd sends; closed when the connection is
     * @param stall the connection's stall limit
     * @return the reader's end
     * @throws InterruptedException if interrupted while waiting for the reader
     */
    public static Outcome read(InputStream in, Duration stall) throws InterruptedException {
        WireCodec codec = WireCodec.INSTANCE;
        AtomicReference<String> reason = new AtomicReference<>();
        EventBus bus = new EventBus(Runnable::run);
        Calls calls = new Calls(SESSION, codec, Runnable::run, new Completions(Runnable::run, SharedThreads.timer()),
                SharedThreads.timer(), new org.katzenpost.thin.internal.stats.StatisticsRecorder());
        Dispatcher d = new Dispatcher("dispatch-harness", codec, new DaemonState(), bus, calls,
                new SurbReplies(Runnable::run, SharedThreads.timer()), () -> false, (c, r) -> reason.set(r));
        Connection c = new Connection(new StreamTransport(in), Runnable::run, SharedThreads.timer(), stall, null);
        d.startReader(c);
        if (!c.readerEnded.await(20, TimeUnit.SECONDS)) {
            c.close();
            throw new AssertionError("the reader did not end within 20 s");
        }
        return new Outcome(reason.get(), d.malformedFrames());
    }

    /**
     * A connection over {@code in} whose stall checks run on {@code timer}; nobody reads it yet.
     *
     * @param in what kpclientd sends
     * @param timer the connection's timer
     * @param stall the connection's stall limit
     * @return the connection
     */
    static Connection connection(InputStream in, ScheduledExecutorService timer, Duration stall) {
        return new Connection(new StreamTransport(in), Runnable::run, timer, stall, null);
    }

    /**
     * One frame body with its length prefix.
     *
     * @param body the frame body (1 byte to {@link Frames#MAX_FRAME_LENGTH})
     * @return prefix and body
     */
    public static byte[] framed(byte[] body) {
        byte[] out = new byte[4 + body.length];
        System.arraycopy(Frames.prefix(body.length), 0, out, 0, 4);
        System.arraycopy(body, 0, out, 4, body.length);
        return out;
    }

    private static final class StreamTransport implements Transport {
        private final InputStream in;

        StreamTransport(InputStream in) {
            this.in = in;
        }

        @Override
        public InputStream input() {
            return in;
        }

        @Override
        public OutputStream output() {
            return OutputStream.nullOutputStream();
        }

        @Override
        public String describe() {
            return "test stream";
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** A stream a test feeds bit by bit: reads block until bytes come, it is ended, or it is closed. */
    public static final class Feed extends InputStream {
        private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
        private static final byte[] END = new byte[0];
        private byte[] current = new byte[0];
        private int pos;
        private volatile boolean closed;

        /**
         * Sends bytes.
         *
         * @param bytes what the daemon sends next
         */
        public void send(byte[] bytes) {
            chunks.add(bytes.clone());
        }

        /** Ends the stream (the daemon closes the connection). */
        public void end() {
            chunks.add(END);
        }

        /** {@return whether the reader's side closed it} */
        public boolean isClosed() {
            return closed;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (pos == current.length) {
                if (current == END) {
                    return -1;
                }
                if (closed) {
                    throw new IOException("stream closed");
                }
                try {
                    byte[] next = chunks.poll(10, TimeUnit.MILLISECONDS);
                    if (next != null) {
                        current = next;
                        pos = 0;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
