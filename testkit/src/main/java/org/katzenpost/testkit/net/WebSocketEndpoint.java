package org.katzenpost.testkit.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.java_websocket.WebSocket;
import org.java_websocket.enums.Opcode;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.katzenpost.thin.Dial;
import org.katzenpost.thin.internal.transport.BytePipe;
import org.katzenpost.thin.internal.wire.Frames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebSocket {@link Endpoint} on Java-WebSocket, behaving like kpclientd's {@code [Listen.Ws]}: any path,
 * no subprotocol, binary messages only (a text message closes the connection with 1003), received messages
 * concatenated into one byte stream, and each outgoing frame sent as two binary messages, the 4-byte prefix
 * and then the body (a long body as fragments of one message).
 */
final class WebSocketEndpoint implements Endpoint {
    private static final Logger log = LoggerFactory.getLogger(WebSocketEndpoint.class);

    /** The most a client may get ahead of the reader: two maximal frames. */
    static final long INBOUND_LIMIT = 2L * (Frames.MAX_FRAME_LENGTH + 4);
    /** Largest fragment sent. */
    static final int FRAGMENT = 64 * 1024;
    private static final long START_TIMEOUT_SECONDS = 10;
    /** How long a send waits for the library to write its message before asking the selector again. */
    private static final long WRITE_REARM_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Server server;
    private final Dial dial;
    private final LinkedBlockingQueue<Object> accepted = new LinkedBlockingQueue<>();
    private final Set<WsConnection> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private static final Object CLOSED = new Object();

    private WebSocketEndpoint(Server server, int port) {
        this.server = server;
        this.dial = Dial.ws("ws://127.0.0.1:" + port + "/");
    }

    static WebSocketEndpoint start(int port) throws IOException {
        Server server = new Server(new InetSocketAddress("127.0.0.1", port));
        server.setDaemon(true);
        server.setReuseAddr(true);
        server.setTcpNoDelay(true);
        server.setConnectionLostTimeout(0);
        server.start();
        try {
            if (!server.started.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                stopQuietly(server);
                throw new IOException("WebSocket server on 127.0.0.1:" + port + " did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly(server);
            throw new InterruptedIOException("interrupted while starting the WebSocket server");
        }
        if (server.startFailure != null) {
            stopQuietly(server);
            throw new IOException("cannot listen for WebSocket on 127.0.0.1:" + port + ": "
                    + server.startFailure.getMessage(), server.startFailure);
        }
        WebSocketEndpoint endpoint = new WebSocketEndpoint(server, server.getPort());
        server.endpoint = endpoint;
        log.debug("listening on {}", endpoint.dial);
        return endpoint;
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Dial dial() {
        return dial;
    }

    @Override
    public Connection accept() throws IOException {
        if (closed) {
            throw new IOException("endpoint closed");
        }
        Object next;
        try {
            next = accepted.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while accepting");
        }
        if (next == CLOSED) {
            accepted.offer(CLOSED); // for other waiters
            throw new IOException("endpoint closed");
        }
        log.debug("accepted a connection on {}", dial);
        return (WsConnection) next;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        accepted.offer(CLOSED);
        for (WsConnection c : live) {
            c.pipe.close();
        }
        try {
            server.stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while stopping the WebSocket server");
        }
    }

    @Override
    public String toString() {
        return "Endpoint[" + dial + "]";
    }

    private static final class Server extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);
        volatile Exception startFailure;
        volatile WebSocketEndpoint endpoint;

        Server(InetSocketAddress address) {
            super(address, 1);
        }

        @Override
        public void onStart() {
            started.countDown();
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            WebSocketEndpoint ep = endpoint;
            if (ep == null || ep.closed) {
                conn.close(CloseFrame.GOING_AWAY, "shutting down");
                return;
            }
            WsConnection c = new WsConnection(conn, ep);
            conn.setAttachment(c);
            ep.live.add(c);
            ep.accepted.offer(c);
        }

        @Override
        public void onMessage(WebSocket conn, ByteBuffer message) {
            WsConnection c = conn.getAttachment();
            if (c != null && !c.pipe.add(message)) {
                log.warn("WebSocket client sent more than {} unread bytes; closing", INBOUND_LIMIT);
                c.pipe.fail(new IOException("client sent more than " + INBOUND_LIMIT + " unread bytes"));
                conn.close(CloseFrame.TOOBIG, "too much unread data");
            }
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            WsConnection c = conn.getAttachment();
            if (c != null) {
                c.pipe.fail(new IOException("client sent a text WebSocket message"));
            }
            conn.close(CloseFrame.REFUSE, "binary messages only"); // 1003, as kpclientd
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            WsConnection c = conn.getAttachment();
            if (c != null) {
                c.pipe.eof();
                WebSocketEndpoint ep = endpoint;
                if (ep != null) {
                    ep.live.remove(c);
                }
            }
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
            if (conn == null) {
                if (started.getCount() > 0) {
                    startFailure = ex;
                    started.countDown();
                } else {
                    log.warn("WebSocket server error", ex);
                }
                return;
            }
            WsConnection c = conn.getAttachment();
            if (c != null) {
                c.pipe.fail(ex instanceof IOException io ? io : new IOException(ex.getMessage(), ex));
            }
        }
    }

    /** One accepted WebSocket connection. */
    static final class WsConnection implements Connection {
        private final WebSocket conn;
        private final WebSocketEndpoint endpoint;
        /**
         * Received payloads as one stream. Adding never blocks: Java-WebSocket delivers messages on worker
         * threads shared by all connections, and a blocked worker soon blocks the server's selector thread
         * (it has only a few read buffers), which would also stop every write. A client that gets more than
         * {@link WebSocketEndpoint#INBOUND_LIMIT} bytes ahead of the reader is a protocol error instead.
         */
        final BytePipe pipe = new BytePipe(INBOUND_LIMIT, "connection closed");
        private final DaemonStyleOutput out = new DaemonStyleOutput();
        private volatile boolean closed;

        WsConnection(WebSocket conn, WebSocketEndpoint endpoint) {
            this.conn = conn;
            this.endpoint = endpoint;
        }

        @Override
        public InputStream input() {
            return pipe;
        }

        @Override
        public OutputStream output() {
            return out;
        }

        /** Sends one raw binary message, bypassing the frame-aware splitting (for tests). */
        void sendRawBinary(byte[] message) throws IOException {
            send(() -> conn.send(message.clone()));
        }

        /**
         * Sends a text message, which kpclientd never does (for tests of the client's reaction). The client closes
         * as soon as it reads it, possibly before this thread sees the message leave, so a close after the
         * message was queued counts as sent.
         */
        void sendText(String text) throws IOException {
            send(() -> conn.send(text), true);
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            pipe.close();
            endpoint.live.remove(this);
            conn.close(CloseFrame.NORMAL);
        }

        private void send(Runnable sender) throws IOException {
            send(sender, false);
        }

        private void send(Runnable sender, boolean peerClosesOnReceipt) throws IOException {
            if (closed || !conn.isOpen()) {
                throw new IOException("connection closed");
            }
            try {
                sender.run();
            } catch (RuntimeException e) { // WebsocketNotConnectedException
                throw new IOException("connection closed", e);
            }
            // bounded buffering: wait until the library has handed the message to the socket
            long rearmAt = System.nanoTime() + WRITE_REARM_NANOS;
            while (conn.hasBufferedData()) {
                if (closed || !conn.isOpen()) {
                    if (peerClosesOnReceipt && !closed) {
                        return; // what is still queued may be only the reply to the peer's close
                    }
                    throw new IOException("connection closed");
                }
                LockSupport.parkNanos(200_000);
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while sending");
                }
                if (System.nanoTime() - rearmAt >= 0) {
                    // Java-WebSocket can lose the write interest: its selector thread empties the queue,
                    // a send here enqueues and sets OP_READ|OP_WRITE, and then the selector thread
                    // resets the key to OP_READ. The message would wait for the next send, and there
                    // is none while this one is pending. Asking again is harmless when nothing was lost.
                    endpoint.server.onWriteDemand(conn);
                    rearmAt = System.nanoTime() + WRITE_REARM_NANOS;
                }
            }
        }

        /**
         * Splits the outgoing byte stream at frame boundaries: each 4-byte prefix goes out as one binary
         * message and each body as another (in fragments of at most {@link #FRAGMENT} bytes), whatever the
         * sizes of the {@code write} calls. {@code flush()} in the middle of a prefix or body sends what is
         * buffered without ending the message.
         */
        private final class DaemonStyleOutput extends OutputStream {
            private final byte[] prefix = new byte[4];
            private int prefixCount;
            private int prefixSent;
            private long bodyRemaining;
            private final byte[] frag = new byte[FRAGMENT];
            private int fragCount;
            private boolean bodyStarted;

            @Override
            public synchronized void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                if (closed) {
                    throw new IOException("connection closed");
                }
                while (len > 0) {
                    int take;
                    if (bodyRemaining == 0) {
                        take = Math.min(len, 4 - prefixCount);
                        System.arraycopy(b, off, prefix, prefixCount, take);
                        prefixCount += take;
                        if (prefixCount == 4) {
                            sendPrefixPart();
                            bodyRemaining = ((prefix[0] & 0xFFL) << 24) | ((prefix[1] & 0xFFL) << 16)
                                    | ((prefix[2] & 0xFFL) << 8) | (prefix[3] & 0xFFL);
                            prefixCount = 0;
                            prefixSent = 0;
                        }
                    } else {
                        take = (int) Math.min(Math.min(len, bodyRemaining), FRAGMENT - fragCount);
                        System.arraycopy(b, off, frag, fragCount, take);
                        fragCount += take;
                        bodyRemaining -= take;
                        if (bodyRemaining == 0) {
                            sendBody(true);
                        } else if (fragCount == FRAGMENT) {
                            sendBody(false);
                        }
                    }
                    off += take;
                    len -= take;
                }
            }

            @Override
            public synchronized void flush() throws IOException {
                if (prefixCount > prefixSent) {
                    sendPrefixPart();
                }
                if (fragCount > 0) {
                    sendBody(false);
                }
            }

            @Override
            public void close() {
                WsConnection.this.close();
            }

            private void sendPrefixPart() throws IOException {
                byte[] part = Arrays.copyOfRange(prefix, prefixSent, prefixCount);
                prefixSent = prefixCount;
                send(() -> conn.send(part));
            }

            private void sendBody(boolean fin) throws IOException {
                ByteBuffer part = ByteBuffer.wrap(Arrays.copyOf(frag, fragCount));
                fragCount = 0;
                if (fin && !bodyStarted) {
                    send(() -> conn.send(part));
                } else {
                    send(() -> conn.sendFragmentedFrame(Opcode.BINARY, part, fin));
                }
                bodyStarted = !fin;
            }
        }
    }
}
