package org.katzenpost.thin.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.internal.transport.Transport;
import org.katzenpost.thin.internal.wire.Frames;

class ConnectionTest {
    /** Records what reaches the "kernel": every write call and every flush. */
    static final class RecordingTransport implements Transport {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger flushes = new AtomicInteger();
        final List<Integer> bytesAtFlush = new ArrayList<>();
        final boolean stream;
        volatile boolean failWrites;

        RecordingTransport(boolean stream) {
            this.stream = stream;
        }

        final OutputStream out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) throws IOException {
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

    @Test
    void concurrentWritersLoseNothingAndKeepTheirOrderAndEveryFrameIsFlushed() throws Exception {
        RecordingTransport t = new RecordingTransport(true);
        Connection c = new Connection(t);
        int threads = 8;
        int perThread = 2000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int id = i;
            Thread th = new Thread(() -> {
                try {
                    start.await();
                    for (int s = 0; s < perThread; s++) {
                        // mostly small frames, some larger than the write buffer
                        c.write(body(id, s, s % 500 == 0 ? 70_000 : 8 + (s % 300)));
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
        byte[] all = t.bytes.toByteArray();
        // every byte written was flushed by the time the last writer returned
        assertThat(t.bytesAtFlush.get(t.bytesAtFlush.size() - 1)).isEqualTo(all.length);
        Frames.FrameReader r = new Frames.FrameReader(new ByteArrayInputStream(all));
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
    void aLoneWriterFlushesEachFrameAtOnceWithOneWrite() throws Exception {
        RecordingTransport t = new RecordingTransport(true);
        Connection c = new Connection(t);
        c.write(body(1, 0, 100));
        assertThat(t.writes.get()).isEqualTo(1);
        assertThat(t.flushes.get()).isEqualTo(1);
        assertThat(t.bytes.size()).isEqualTo(104);
        c.write(body(1, 1, 100));
        assertThat(t.writes.get()).isEqualTo(2);
        assertThat(t.bytes.size()).isEqualTo(208);
    }

    @Test
    void webSocketStyleTransportsGetOneFlushPerFrame() throws Exception {
        RecordingTransport t = new RecordingTransport(false);
        Connection c = new Connection(t);
        for (int i = 0; i < 10; i++) {
            c.write(body(1, i, 50));
        }
        assertThat(t.flushes.get()).isEqualTo(10);
        for (int i = 0; i < 10; i++) {
            assertThat(t.bytesAtFlush.get(i)).isEqualTo((i + 1) * 54);
        }
    }

    @Test
    void writesFailOnceClosedOrBroken() throws Exception {
        RecordingTransport t = new RecordingTransport(true);
        Connection c = new Connection(t);
        t.failWrites = true;
        assertThatThrownBy(() -> c.write(body(1, 0, 10))).isInstanceOf(IOException.class);
        t.failWrites = false;
        c.write(body(1, 1, 10)); // nothing of the failed frame is left in the buffer
        assertThat(t.bytes.size()).isEqualTo(14);
        c.close();
        assertThatThrownBy(() -> c.write(body(1, 2, 10))).isInstanceOf(IOException.class)
                .hasMessageContaining("closed");
    }
}
