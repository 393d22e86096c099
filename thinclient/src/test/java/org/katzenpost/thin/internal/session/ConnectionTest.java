package org.katzenpost.thin.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.internal.transport.Transport;
import org.katzenpost.thin.internal.wire.Frames;
import org.katzenpost.thin.internal.wire.Responses.QueryReply;

class ConnectionTest {
    /** Records what reaches the "kernel": every write call and every flush. */
    static class RecordingTransport implements Transport {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger flushes = new AtomicInteger();
        final List<Integer> bytesAtFlush = new ArrayList<>();
        final boolean stream;
        volatile boolean failWrites;

        RecordingTransport(boolean stream) {
            this.stream = stream;
        }

        void beforeWrite() throws IOException {}

        byte[] bytes() {
            synchronized (out) {
                return bytes.toByteArray();
            }
        }

        final OutputStream out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                beforeWrite();
                synchronized (this) {
                    writeLocked(b, off, len);
                }
            }

            private void writeLocked(byte[] b, int off, int len) throws IOException {
                if (failWrites) {
                    throw new IOException("broken pipe (test)");
                }
                writes.incrementAndGet();
                bytes.write(b, off, len);
                Thread.yield(); // widen the window in which other writers queue up
            }

            @Override
            public synchronized void flush() {
                flushes.incrementAndGet();
                bytesAtFlush.add(bytes.size());
            }
        };

        @Override
        public InputStream input() {
            return new ByteArrayInputStream(new byte[0]);
        }

        @Override
        public OutputStream output() {
            return out;
        }

        @Override
        public String describe() {
            return "test";
        }

        @Override
        public boolean coalescesWrites() {
            return stream;
        }

        @Override
        public void close() {}
    }

    private static byte[] body(int thread, int seq, int size) {
        byte[] b = new byte[size];
        ByteBuffer.wrap(b).putInt(thread).putInt(seq);
        return b;
    }

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        pool.shutdownNow();
        timer.shutdownNow();
    }

    private Connection connection(Transport t, Duration stall) {
        return new Connection(t, pool, timer, stall, null);
    }

    private Connection connection(Transport t) {
        return connection(t, Duration.ofSeconds(30));
    }

    private static CompletableFuture<Void> send(Connection c, byte[] body) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        c.enqueue(new Connection.Outgoing(body, null, written));
        return written;
    }

    @Test
    void concurrentWritersLoseNothingAndKeepTheirOrderAndEveryFrameIsFlushed() throws Exception {
        RecordingTransport t = new RecordingTransport(true);
        Connection c = connection(t);
        int threads = 8;
        int perThread = 2000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        List<CompletableFuture<Void>> all = new CopyOnWriteArrayList<>();
        for (int i = 0; i < threads; i++) {
            int id = i;
            Thread th = new Thread(() -> {
                try {
                    start.await();
                    for (int s = 0; s < perThread; s++) {
                        // mostly small frames, some larger than the write buffer
                        all.add(send(c, body(id, s, s % 500 == 0 ? 70_000 : 8 + (s % 300))));
                    }
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            ts.add(th);
            th.start();
        }
        start.countDown();
        for (Thread th : ts) {
            th.join();
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
        byte[] bytes = t.bytes();
        // every frame reported written was flushed
        assertThat(t.bytesAtFlush.get(t.bytesAtFlush.size() - 1)).isEqualTo(bytes.length);
        Frames.FrameReader r = new Frames.FrameReader(new ByteArrayInputStream(bytes));
        Map<Integer, Integer> next = new HashMap<>();
        int frames = 0;
        int n;
        while ((n = r.next()) >= 0) {
            ByteBuffer bb = ByteBuffer.wrap(r.buffer(), 0, n);
            int id = bb.getInt();
            int seq = bb.getInt();
            assertThat(seq).as("frames of thread %d in order", id).isEqualTo(next.getOrDefault(id, 0));
            next.put(id, seq + 1);
            frames++;
        }
        assertThat(frames).isEqualTo(threads * perThread);
        assertThat(t.writes.get()).as("concurrent writers share system calls").isLessThan(frames);
    }

    @Test
    void aLoneFrameIsFlushedWithOneWrite() throws Exception {
        RecordingTransport t = new RecordingTransport(true);
        Connection c = connection(t);
        send(c, body(1, 0, 100)).get(5, TimeUnit.SECONDS);
        assertThat(t.writes.get()).isEqualTo(1);
        assertThat(t.flushes.get()).isEqualTo(1);
        assertThat(t.bytes().length).isEqualTo(104);
        send(c, body(1, 1, 100)).get(5, TimeUnit.SECONDS);
        assertThat(t.writes.get()).isEqualTo(2);
        assertThat(t.bytes().length).isEqualTo(208);
    }

    @Test
    void webSocketStyleTransportsGetOneFlushPerFrame() throws Exception {
        RecordingTransport t = new RecordingTransport(false);
        Connection c = connection(t);
        CompletableFuture<Void> last = null;
        for (int i = 0; i < 10; i++) {
            last = send(c, body(1, i, 50));
        }
        last.get(5, TimeUnit.SECONDS);
        assertThat(t.flushes.get()).isEqualTo(10);
        for (int i = 0; i < 10; i++) {
            assertThat(t.bytesAtFlush.get(i)).isEqualTo((i + 1) * 54);
        }
    }

    /** A stream transport an interrupt cannot close, recording which thread wrote each frame. */
    static final class ThreadRecordingTransport extends RecordingTransport {
        final List<Thread> writers = new CopyOnWriteArrayList<>();

        ThreadRecordingTransport() {
            super(true);
        }

        @Override
        void beforeWrite() {
            writers.add(Thread.currentThread());
        }

        @Override
        public boolean writesIgnoreInterrupts() {
            return true;
        }

        Thread lastWriter() {
            return writers.get(writers.size() - 1);
        }
    }

    private static PendingCall<QueryReply> call(int seq, int size) {
        return new PendingCall<>("test", QueryReply.class, body(2, seq, size), Reissue.NEVER);
    }

    @Test
    void aCallerWritesItsOwnSmallFrameOnlyWhenTheDaemonHasAnsweredEveryFrameBefore() throws Exception {
        ThreadRecordingTransport t = new ThreadRecordingTransport();
        Connection c = connection(t);
        Thread me = Thread.currentThread();
        c.writeNow(body(0, 0, 10)); // the handshake's session token, not answered yet

        PendingCall<QueryReply> first = call(1, 100);
        c.writeHereIfFree(new Connection.Outgoing(first.body, first, null));
        await().atMost(Duration.ofSeconds(5)).until(() -> first.sent);
        assertThat(t.lastWriter()).as("the token is unanswered: a writer task writes").isNotSameAs(me);

        c.answered(first.writtenFrame); // its reply: the daemon has read the token and this frame
        PendingCall<QueryReply> second = call(2, 100);
        c.writeHereIfFree(new Connection.Outgoing(second.body, second, null));
        assertThat(second.sent).as("written before returning").isTrue();
        assertThat(t.lastWriter()).isSameAs(me);

        PendingCall<QueryReply> third = call(3, 100); // the second is not answered
        c.writeHereIfFree(new Connection.Outgoing(third.body, third, null));
        await().atMost(Duration.ofSeconds(5)).until(() -> third.sent);
        assertThat(t.lastWriter()).isNotSameAs(me);

        c.answered(third.writtenFrame);
        PendingCall<QueryReply> large = call(4, Connection.WRITE_HERE_MAX);
        c.writeHereIfFree(new Connection.Outgoing(large.body, large, null));
        await().atMost(Duration.ofSeconds(5)).until(() -> large.sent);
        assertThat(t.lastWriter()).as("too large to be sure the write cannot wait").isNotSameAs(me);

        c.answered(large.writtenFrame);
        Thread.currentThread().interrupt();
        try {
            PendingCall<QueryReply> interrupted = call(5, 100);
            c.writeHereIfFree(new Connection.Outgoing(interrupted.body, interrupted, null));
            await().atMost(Duration.ofSeconds(5)).until(() -> interrupted.sent);
            assertThat(t.lastWriter()).isNotSameAs(me);
        } finally {
            Thread.interrupted();
        }
        assertThat(t.bytes().length).as("every frame whole, once")
                .isEqualTo(14 + 104 + 104 + 104 + 4 + Connection.WRITE_HERE_MAX + 104);
    }

    @Test
    void aTransportAnInterruptCouldCloseIsNeverWrittenByTheCaller() throws Exception {
        List<Thread> writers = new CopyOnWriteArrayList<>();
        RecordingTransport t = new RecordingTransport(true) {
            @Override
            void beforeWrite() {
                writers.add(Thread.currentThread());
            }
        };
        Connection c = connection(t);
        c.writeNow(body(0, 0, 10));
        c.answeredAll();
        writers.clear();
        PendingCall<QueryReply> p = call(1, 100);
        c.writeHereIfFree(new Connection.Outgoing(p.body, p, null));
        await().atMost(Duration.ofSeconds(5)).until(() -> p.sent);
        assertThat(writers).hasSize(1).doesNotContain(Thread.currentThread());
    }

    @Test
    void aFailedWriteFailsTheFrameAndClosesTheConnection() throws Exception {
        RecordingTransport t = new RecordingTransport(true);
        Connection c = connection(t);
        t.failWrites = true;
        assertThatThrownBy(() -> send(c, body(1, 0, 10)).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IOException.class);
        assertThat(c.closed).isTrue();
        assertThat(c.brokenReason).contains("broken pipe (test)");
        CompletableFuture<Void> after = send(c, body(1, 1, 10));
        assertThat(after).as("fails at once once closed").isCompletedExceptionally();
    }

    @Test
    void aFrameWhoseCallFinishedBeforeItsTurnIsNeverWritten() throws Exception {
        RecordingTransport t = new RecordingTransport(true);
        Connection c = connection(t);
        PendingCall<QueryReply> gone = new PendingCall<>("test", QueryReply.class, body(1, 0, 10), Reissue.NEVER);
        gone.future.cancel(false);
        c.enqueue(new Connection.Outgoing(gone.body, gone, null));
        send(c, body(1, 1, 10)).get(5, TimeUnit.SECONDS);
        assertThat(t.bytes().length).as("only the second frame").isEqualTo(14);
        assertThat(gone.sent).isFalse();
    }

    @Test
    void aWriteThatMakesNoProgressBreaksTheConnectionAtTheStallLimitAndCallersNeverWait() throws Exception {
        CountDownLatch released = new CountDownLatch(1);
        RecordingTransport t = new RecordingTransport(true) {
            @Override
            void beforeWrite() throws IOException {
                try {
                    released.await(); // a daemon that never reads: the write blocks until the socket is closed
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                throw new IOException("socket closed (test)");
            }

            @Override
            public void close() {
                released.countDown();
            }
        };
        // a stall limit far above what a loaded machine takes to queue 101 frames, so the bound below means
        // "did not wait for the socket" and not "was not descheduled"
        Connection c = connection(t, Duration.ofSeconds(2));
        long t0 = System.nanoTime();
        CompletableFuture<Void> first = send(c, body(1, 0, 10));
        List<CompletableFuture<Void>> more = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            more.add(send(c, body(1, i, 10)));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("queueing never waits for the socket")
                .isLessThan(Duration.ofMillis(1500));
        await().atMost(Duration.ofSeconds(10)).until(() -> c.closed);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(c.brokenReason).contains("write-stall limit");
        await().atMost(Duration.ofSeconds(5)).until(first::isDone);
        assertThat(first).isCompletedExceptionally();
        await().atMost(Duration.ofSeconds(5)).until(() -> more.stream().allMatch(CompletableFuture::isDone));
        assertThat(more).allMatch(CompletableFuture::isCompletedExceptionally);
    }
}
