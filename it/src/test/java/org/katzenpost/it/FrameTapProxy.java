package org.katzenpost.it;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.katzenpost.thin.internal.cbor.CborReader;

/**
 * A frame-aware proxy between a thin client (TCP) and kpclientd (TCP or a unix socket path): it records every
 * frame in both directions as raw bodies (the daemon's exact bytes, without the 4-byte length prefix) and can
 * drop one chosen daemon frame, so that a test can lose a reply on purpose and capture what the daemon said.
 */
final class FrameTapProxy implements AutoCloseable {
    /** One frame as it crossed the proxy. */
    record Frame(boolean fromDaemon, String variant, byte[] body, boolean dropped) {}

    private final SocketAddress upstream;
    private final ServerSocket server;
    private final List<Frame> frames = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
    private final AtomicReference<Predicate<Frame>> dropOnce = new AtomicReference<>();
    private volatile boolean closed;

    /** @param upstream kpclientd's {@link java.net.InetSocketAddress} or {@link java.net.UnixDomainSocketAddress} */
    FrameTapProxy(SocketAddress upstream) throws IOException {
        this.upstream = upstream;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "frame-tap-accept");
        t.setDaemon(true);
        t.start();
    }

    /** host:port for {@code Dial.tcp}. */
    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** The next daemon frame that matches is not forwarded (recorded with {@code dropped = true}). */
    void dropNextFromDaemon(Predicate<Frame> which) {
        dropOnce.set(which);
    }

    /** Every frame so far, in the order each direction saw them. */
    List<Frame> frames() {
        return List.copyOf(frames);
    }

    /** The one top-level key of a thin frame whose value is not null, or "?" when the body is not such a map. */
    static String variant(byte[] body) {
        try {
            Object o = CborReader.decode(body);
            if (o instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (e.getValue() != null) {
                        return String.valueOf(e.getKey());
                    }
                }
            }
        } catch (RuntimeException e) {
            // not CBOR we understand: recorded as "?"
        }
        return "?";
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            try {
                SocketChannel daemon = SocketChannel.open(upstream);
                open.add(client);
                open.add(daemon);
                // Not Channels.newInputStream/newOutputStream: on a blocking channel those share one lock, so a
                // pending read would hold every write back.
                Thread up = new Thread(() -> pump(channelIn(daemon), out(client), true, client, daemon),
                        "frame-tap-down");
                Thread down = new Thread(() -> pump(in(client), channelOut(daemon), false, client, daemon),
                        "frame-tap-up");
                up.setDaemon(true);
                down.setDaemon(true);
                up.start();
                down.start();
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pump(InputStream from, OutputStream to, boolean fromDaemon, Socket client, SocketChannel daemon) {
        try {
            DataInputStream in = new DataInputStream(from);
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException e) {
                    break;
                }
                byte[] body = new byte[length];
                in.readFully(body);
                Frame f = new Frame(fromDaemon, variant(body), body, false);
                Predicate<Frame> drop = fromDaemon ? dropOnce.get() : null;
                if (drop != null && drop.test(f) && dropOnce.compareAndSet(drop, null)) {
                    frames.add(new Frame(true, f.variant(), body, true));
                    continue;
                }
                frames.add(f);
                synchronized (to) {
                    to.write(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8),
                            (byte) length});
                    to.write(body);
                    to.flush();
                }
            }
        } catch (IOException e) {
            // closed or reset
        } finally {
            closeQuietly(client);
            closeQuietly(daemon);
        }
    }

    private static InputStream channelIn(SocketChannel ch) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] b = new byte[1];
                return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return ch.read(ByteBuffer.wrap(b, off, len));
            }
        };
    }

    private static OutputStream channelOut(SocketChannel ch) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        };
    }

    private static InputStream in(Socket s) {
        try {
            return s.getInputStream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static OutputStream out(Socket s) {
        try {
            return s.getOutputStream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
