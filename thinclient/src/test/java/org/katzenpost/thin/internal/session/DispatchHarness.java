package org.katzenpost.thin.internal.session;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
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
        WireCodec codec = WireCodec.INSTANCE;
        AtomicReference<String> reason = new AtomicReference<>();
        EventBus bus = new EventBus(Runnable::run);
        Calls calls = new Calls(SESSION, codec, Runnable::run, new Completions(Runnable::run, SharedThreads.timer()),
                SharedThreads.timer(), new org.katzenpost.thin.internal.stats.StatisticsRecorder());
        Dispatcher d = new Dispatcher("dispatch-harness", codec, new DaemonState(), bus, calls,
                new SurbReplies(Runnable::run, SharedThreads.timer()), () -> false, (c, r) -> reason.set(r));
        Connection c = new Connection(new BytesTransport(stream), Runnable::run, SharedThreads.timer(),
                java.time.Duration.ofMinutes(1), null);
        d.startReader(c);
        if (!c.readerEnded.await(1, TimeUnit.MINUTES)) {
            c.close();
            throw new AssertionError("the reader did not end within a minute");
        }
        return new Outcome(reason.get(), d.malformedFrames());
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

    private static final class BytesTransport implements Transport {
        private final InputStream in;

        BytesTransport(byte[] bytes) {
            this.in = new ByteArrayInputStream(bytes);
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
            return "bytes";
        }

        @Override
        public void close() {}
    }
}
