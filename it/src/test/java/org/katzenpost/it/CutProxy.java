package org.katzenpost.it;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy between a thin client and kpclientd that a test can break on purpose: {@link #cutAll()} resets
 * every connection (no {@code thin_close} reaches the daemon), {@link #armMidFrameCut()} forwards only the first
 * half of the next daemon frame and then resets, and {@link #hold()} / {@link #release()} keep new connections
 * waiting (not yet connected to the daemon), so that the client stays disconnected for a while.
 */
final class CutProxy implements AutoCloseable {
    private final InetSocketAddress upstream;
    private final ServerSocket server;
    private final List<Pair> pairs = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicReference<CountDownLatch> gate = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<Integer>> midFrameCut = new AtomicReference<>();
    private volatile boolean closed;

    CutProxy(String host, int port) throws IOException {
        this.upstream = new InetSocketAddress(host, port);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "cut-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    /** host:port for {@code Dial.tcp}. */
    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Connections accepted so far. */
    int acceptedCount() {
        return accepted.get();
    }

    /** New connections wait, unconnected to the daemon, until {@link #release()}. */
    void hold() {
        gate.compareAndSet(null, new CountDownLatch(1));
    }

    void release() {
        CountDownLatch l = gate.getAndSet(null);
        if (l != null) {
            l.countDown();
        }
    }

    /** Resets every open connection on both sides at once. */
    void cutAll() {
        for (Pair p : pairs) {
            p.reset();
        }
    }

    /**
     * The next frame from the daemon (on any connection) is forwarded only up to half of its body, then both sides
     * are reset. The future completes with the length of the frame that was cut.
     */
    CompletableFuture<Integer> armMidFrameCut() {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        midFrameCut.set(f);
        return f;
    }

    @Override
    public void close() {
        closed = true;
        release();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        cutAll();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            Thread t = new Thread(() -> serve(client), "cut-proxy-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket client) {
        try {
            CountDownLatch l = gate.get();
            if (l != null) {
                l.await(5, TimeUnit.MINUTES);
            }
            if (closed) {
                client.close();
                return;
            }
            Socket daemon = new Socket();
            daemon.connect(upstream, 10_000);
            Pair p = new Pair(client, daemon);
            pairs.add(p);
            Thread up = new Thread(p::pumpUp, "cut-proxy-up");
            up.setDaemon(true);
            up.start();
            p.pumpDown();
        } catch (IOException | InterruptedException e) {
            try {
                client.close();
            } catch (IOException ignored) {
                // gone
            }
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Pair {
        final Socket client;
        final Socket daemon;
        final AtomicBoolean done = new AtomicBoolean();

        Pair(Socket client, Socket daemon) {
            this.client = client;
            this.daemon = daemon;
        }

        /** Client to daemon: bytes as they come. */
        void pumpUp() {
            byte[] buf = new byte[16384];
            try (InputStream in = client.getInputStream(); OutputStream out = daemon.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // reset or closed
            } finally {
                reset();
            }
        }

        /** Daemon to client: frame by frame (4-byte big-endian length, then the body), so a frame can be cut. */
        void pumpDown() {
            try {
                DataInputStream in = new DataInputStream(daemon.getInputStream());
                OutputStream out = client.getOutputStream();
                while (true) {
                    int length;
                    try {
                        length = in.readInt();
                    } catch (EOFException e) {
                        break;
                    }
                    byte[] body = new byte[length];
                    in.readFully(body);
                    CompletableFuture<Integer> cut = midFrameCut.getAndSet(null);
                    if (cut != null) {
                        out.write(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8),
                                (byte) length});
                        out.write(body, 0, length / 2);
                        out.flush();
                        // FIN after the half frame (a reset could discard the unsent half), then drop everything.
                        client.shutdownOutput();
                        sleepQuietly(300);
                        reset();
                        cut.complete(length);
                        return;
                    }
                    out.write(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8),
                            (byte) length});
                    out.write(body);
                    out.flush();
                }
            } catch (IOException e) {
                // reset or closed
            } finally {
                reset();
            }
        }

        /** RST on both sides (SO_LINGER 0), so neither sees an orderly end of stream. */
        void reset() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            pairs.remove(this);
            for (Socket s : new Socket[] {client, daemon}) {
                try {
                    s.setSoLinger(true, 0);
                } catch (SocketException ignored) {
                    // already closed
                }
                try {
                    s.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }
    }
}
