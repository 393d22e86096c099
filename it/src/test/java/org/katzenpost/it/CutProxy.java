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
 * half of the next daemon frame and then resets, {@link #hold()} / {@link #release()} keep new connections
 * waiting (not yet connected to the daemon), so that the client stays disconnected for a while, and
 * {@link #stopReading()} / {@link #resumeReading()} play a daemon that stops reading its socket (the client's
 * writes fill the socket buffers and then block). Used by {@code SessionResumeIT} and the soak
 * ({@code org.katzenpost.it.soak.Soak}, docs/integration.md).
 */
public final class CutProxy implements AutoCloseable {
    private final InetSocketAddress upstream;
    private final ServerSocket server;
    private final List<Pair> pairs = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicReference<CountDownLatch> gate = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<Integer>> midFrameCut = new AtomicReference<>();
    private final Object readGate = new Object();
    private volatile boolean readingStopped;
    private volatile int maxClientFrame = Integer.MAX_VALUE;
    private final AtomicInteger oversizedCuts = new AtomicInteger();
    private final AtomicInteger clientFramesForwarded = new AtomicInteger();
    private volatile boolean closed;

    /**
     * A proxy on an ephemeral loopback port to kpclientd at {@code host:port}.
     *
     * @param host kpclientd's host
     * @param port kpclientd's TCP port
     * @throws IOException when the listening socket cannot be opened
     */
    public CutProxy(String host, int port) throws IOException {
        this(host, port, 0);
    }

    /**
     * As {@link #CutProxy(String, int)}, with the receive buffer of the client-side sockets fixed at
     * {@code receiveBufferBytes} (0: the system's default, auto-tuned), so that a client's writes block sooner
     * once the proxy stops reading.
     *
     * @param host kpclientd's host
     * @param port kpclientd's TCP port
     * @param receiveBufferBytes SO_RCVBUF of accepted sockets, or 0 for the default
     * @throws IOException when the listening socket cannot be opened
     */
    public CutProxy(String host, int port, int receiveBufferBytes) throws IOException {
        this.upstream = new InetSocketAddress(host, port);
        this.server = new ServerSocket();
        if (receiveBufferBytes > 0) {
            server.setReceiveBufferSize(receiveBufferBytes);
        }
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        Thread t = new Thread(this::acceptLoop, "cut-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    /** @return host:port for {@code Dial.tcp} */
    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** @return connections accepted so far */
    public int acceptedCount() {
        return accepted.get();
    }

    /** @return connections open now (client and daemon side both connected) */
    public int openCount() {
        return pairs.size();
    }

    /** New connections wait, unconnected to the daemon, until {@link #release()}. */
    public void hold() {
        gate.compareAndSet(null, new CountDownLatch(1));
    }

    /** Lets waiting and new connections through again. */
    public void release() {
        CountDownLatch l = gate.getAndSet(null);
        if (l != null) {
            l.countDown();
        }
    }

    /**
     * Resets every open connection on both sides at once.
     *
     * @return how many connections were reset
     */
    public int cutAll() {
        int n = 0;
        for (Pair p : pairs) {
            if (p.reset()) {
                n++;
            }
        }
        return n;
    }

    /**
     * From now on nothing more is read from any client (on open and new connections) until {@link #resumeReading()}:
     * the daemon receives nothing, the client's writes fill the socket buffers and then block. Frames from the daemon
     * still reach the client. A frame whose length prefix was already read is held back, not forwarded.
     */
    public void stopReading() {
        readingStopped = true;
    }

    /** Reads and forwards client frames again, starting with the ones that waited. */
    public void resumeReading() {
        synchronized (readGate) {
            readingStopped = false;
            readGate.notifyAll();
        }
    }

    /** @return true while {@link #stopReading()} is in force */
    public boolean isReadingStopped() {
        return readingStopped;
    }

    /**
     * A client frame longer than {@code maxBytes} is never forwarded: its connection is reset instead (so a test can
     * make the client write a large frame without the daemon ever having to process it).
     *
     * @param maxBytes the largest client frame body forwarded
     */
    public void limitClientFrames(int maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.maxClientFrame = maxBytes;
    }

    /** @return frames from the client forwarded whole to the daemon, on every connection so far */
    public int clientFramesForwarded() {
        return clientFramesForwarded.get();
    }

    /** @return connections reset because the client sent a frame over {@link #limitClientFrames(int)} */
    public int oversizedClientFrameCuts() {
        return oversizedCuts.get();
    }

    /**
     * The next frame from the daemon (on any connection) is forwarded only up to half of its body, then both sides
     * are reset. The future completes with the length of the frame that was cut.
     */
    public CompletableFuture<Integer> armMidFrameCut() {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        midFrameCut.set(f);
        return f;
    }

    /** Stops accepting, lets held connections go, resumes reading and resets every connection. */
    @Override
    public void close() {
        closed = true;
        release();
        resumeReading();
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

        /**
         * Client to daemon: frame by frame (4-byte big-endian length, then the body), so that reading can stop
         * between frames and an oversized frame can be refused before any of it reaches the daemon.
         */
        void pumpUp() {
            try (DataInputStream in = new DataInputStream(client.getInputStream());
                    OutputStream out = daemon.getOutputStream()) {
                while (true) {
                    awaitReading();
                    int length;
                    try {
                        length = in.readInt();
                    } catch (EOFException e) {
                        break;
                    }
                    awaitReading();
                    if (length < 0 || length > maxClientFrame) {
                        oversizedCuts.incrementAndGet();
                        break; // reset below: not a byte of this frame reaches the daemon
                    }
                    byte[] body = new byte[length];
                    in.readFully(body);
                    out.write(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8),
                            (byte) length});
                    out.write(body);
                    out.flush();
                    clientFramesForwarded.incrementAndGet();
                }
            } catch (IOException e) {
                // reset or closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                reset();
            }
        }

        /** Blocks while reading is stopped, unless this connection has been reset meanwhile. */
        private void awaitReading() throws InterruptedException, IOException {
            synchronized (readGate) {
                while (readingStopped && !done.get()) {
                    readGate.wait(200);
                }
            }
            if (done.get()) {
                throw new IOException("reset");
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

        /** RST on both sides (SO_LINGER 0), so neither sees an orderly end of stream; false when already reset. */
        boolean reset() {
            if (!done.compareAndSet(false, true)) {
                return false;
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
            return true;
        }
    }
}
