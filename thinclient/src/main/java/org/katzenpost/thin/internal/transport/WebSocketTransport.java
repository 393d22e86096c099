package org.katzenpost.thin.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.katzenpost.thin.Dial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebSocket transport over the JDK's {@link java.net.http.WebSocket}.
 *
 * <p>Receiving: binary messages, including partial ({@code last=false}) deliveries, are appended to one
 * bounded byte pipe that {@link #input()} reads as a stream; message boundaries carry no meaning (kpclientd
 * sends a frame's prefix and body as two messages). More messages are requested from the WebSocket only
 * while the pipe holds less than {@link #HIGH_WATER} bytes, so the buffer never exceeds that plus one
 * delivery. A text message is a protocol error: the reader gets an {@link IOException} and the connection
 * is closed (status 1000 with reason "unsupported data": the JDK does not let a client send 1003). A close
 * from the peer is end of stream after the buffered bytes.
 *
 * <p>Sending: bytes written to {@link #output()} up to a {@code flush()} form one binary message. At most
 * {@link #FRAGMENT} bytes are buffered; a longer message is sent as several fragments of the same message.
 */
final class WebSocketTransport extends AbstractTransport {
    private static final Logger log = LoggerFactory.getLogger(WebSocketTransport.class);

    /** Requests for more messages stop while this many bytes are waiting to be read. */
    static final int HIGH_WATER = 1 << 20;
    /** Size of the send buffer; a longer message goes out in fragments of this size. */
    static final int FRAGMENT = 64 * 1024;
    /** How long {@link #close()} lets a polite close handshake run before dropping the connection. */
    private static final long CLOSE_GRACE_MILLIS = 1000;
    /** How often a blocked sender checks whether the transport was closed. */
    private static final long SEND_POLL_MILLIS = 200;

    private static volatile HttpClient sharedClient;

    private final Pipe pipe;
    private final WebSocket ws;
    private final In in = new In();
    private final Out out = new Out();
    private volatile boolean closed;

    private WebSocketTransport(String description, Pipe pipe, WebSocket ws) {
        super(description);
        this.pipe = pipe;
        this.ws = ws;
    }

    private static HttpClient client() {
        HttpClient c = sharedClient;
        if (c == null) {
            synchronized (WebSocketTransport.class) {
                c = sharedClient;
                if (c == null) {
                    // one client for all connections: a JDK 17 HttpClient owns a selector thread and cannot be closed
                    c = HttpClient.newBuilder().build();
                    sharedClient = c;
                }
            }
        }
        return c;
    }

    static Transport connect(Dial.Ws dial, long timeoutMillis) throws IOException {
        Pipe pipe = new Pipe();
        CompletableFuture<WebSocket> future = client().newWebSocketBuilder()
                .connectTimeout(Duration.ofMillis(timeoutMillis))
                .buildAsync(dial.url(), pipe);
        WebSocket ws;
        try {
            // the builder's timeout covers connect and handshake; this bound is only a backstop
            ws = future.get(timeoutMillis + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            abandon(future);
            throw new SocketTimeoutException("WebSocket connect timed out");
        } catch (InterruptedException e) {
            abandon(future);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while connecting");
        } catch (CancellationException e) {
            throw new IOException("WebSocket connect cancelled", e);
        } catch (ExecutionException e) {
            throw connectFailure(e.getCause());
        }
        return new WebSocketTransport(dial.toString(), pipe, ws);
    }

    private static void abandon(CompletableFuture<WebSocket> future) {
        future.cancel(true);
        future.thenAccept(WebSocket::abort);
    }

    private static IOException connectFailure(Throwable cause) {
        if (cause instanceof HttpTimeoutException) {
            SocketTimeoutException e = new SocketTimeoutException("WebSocket connect timed out");
            e.initCause(cause);
            return e;
        }
        if (cause instanceof WebSocketHandshakeException h) {
            int status = h.getResponse() == null ? -1 : h.getResponse().statusCode();
            return new IOException("WebSocket handshake failed"
                    + (status > 0 ? " (HTTP status " + status + ")" : ""), cause);
        }
        if (cause instanceof ConnectException && cause.getMessage() == null) {
            return new ConnectException("Connection refused");
        }
        if (cause instanceof IOException io) {
            return io;
        }
        return new IOException(Transports.reason(cause), cause);
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public boolean coalescesWrites() {
        return false; // one frame per WebSocket message
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pipe.close();
        try {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").whenComplete((r, e) -> {
                if (e != null) {
                    ws.abort();
                }
            });
            // the JDK drops the TCP connection when the peer answers; make sure it also goes if it does not
            ConnectTimer.later(ws::abort, CLOSE_GRACE_MILLIS);
        } catch (RuntimeException e) {
            // a send is in progress (IllegalStateException) or the output is already closed
            ws.abort();
        }
        log.debug("closed {}", describe());
    }

    /** Bytes received and not yet read (for tests of the flow control). */
    long buffered() {
        return pipe.buffered();
    }

    // ------------------------------------------------------------------ receiving

    /**
     * The WebSocket listener: feeds received bytes into a {@link BytePipe} and asks for one more delivery
     * at a time while the pipe holds fewer than {@link #HIGH_WATER} bytes.
     */
    static final class Pipe implements WebSocket.Listener {
        private final BytePipe bytes = new BytePipe(Long.MAX_VALUE, "transport closed", this::requestIfRoom);
        private final ReentrantLock lock = new ReentrantLock();
        /** A {@code request(1)} is outstanding: the WebSocket may deliver one more message or part. */
        private boolean demand;
        private WebSocket ws;

        @Override
        public void onOpen(WebSocket webSocket) {
            lock.lock();
            try {
                ws = webSocket;
                demand = true;
            } finally {
                lock.unlock();
            }
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            bytes.add(data); // no limit: the demand keeps the pipe bounded
            consumedDemand();
            requestIfRoom();
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            fail(new IOException("kpclientd sent a text WebSocket message; the protocol uses binary messages only"));
            try {
                // RFC 6455 has 1003 (unsupported data) for this, but the JDK only lets a client send 1000
                // or 3000..4999
                webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "unsupported data: binary messages only").whenComplete((r, e) -> {
                    if (e != null) {
                        log.debug("sending a close after a text message failed", e);
                        webSocket.abort();
                    }
                });
                ConnectTimer.later(webSocket::abort, CLOSE_GRACE_MILLIS);
            } catch (RuntimeException e) {
                log.debug("sending a close after a text message failed", e);
                webSocket.abort();
            }
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            // the JDK answers with a pong by itself
            consumedDemand();
            requestIfRoom();
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            consumedDemand();
            requestIfRoom();
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            consumedDemand();
            if (statusCode != WebSocket.NORMAL_CLOSURE && statusCode != 1005 && bytes.isOpen()) {
                log.debug("WebSocket closed by peer with status {} {}", statusCode, reason);
            }
            bytes.eof();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            fail(error instanceof IOException io
                    ? new IOException("WebSocket connection failed: " + Transports.reason(io), io)
                    : new IOException("WebSocket connection failed: " + Transports.reason(error), error));
        }

        private void consumedDemand() {
            lock.lock();
            try {
                demand = false;
            } finally {
                lock.unlock();
            }
        }

        void fail(IOException e) {
            bytes.fail(e);
        }

        void close() {
            bytes.close();
        }

        /** Asks for one more delivery if none is outstanding and the pipe has room. */
        private void requestIfRoom() {
            WebSocket target = null;
            lock.lock();
            try {
                // lock order: this lock, then the pipe's (the pipe runs this hook without its lock)
                if (!demand && ws != null && bytes.wantsMore(HIGH_WATER)) {
                    demand = true;
                    target = ws;
                }
            } finally {
                lock.unlock();
            }
            if (target != null) {
                target.request(1);
            }
        }

        int read(byte[] b, int off, int len) throws IOException {
            return bytes.read(b, off, len);
        }

        int available() {
            return bytes.available();
        }

        /** For tests: bytes waiting to be read. */
        long buffered() {
            return bytes.buffered();
        }
    }

    private final class In extends BulkInputStream {
        @Override
        protected int readSome(byte[] b, int off, int len) throws IOException {
            return pipe.read(b, off, len);
        }

        @Override
        public int available() {
            return pipe.available();
        }

        @Override
        public void close() {
            WebSocketTransport.this.close();
        }
    }

    // ------------------------------------------------------------------ sending

    private final class Out extends OutputStream {
        private final byte[] buf = new byte[FRAGMENT];
        private int count;
        /** Fragments of the current message were already sent; the next send continues it. */
        private boolean inMessage;

        @Override
        public synchronized void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            ensureOpen();
            while (len > 0) {
                if (count == buf.length) {
                    send(false);
                }
                int take = Math.min(len, buf.length - count);
                System.arraycopy(b, off, buf, count, take);
                count += take;
                off += take;
                len -= take;
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            ensureOpen();
            if (count > 0 || inMessage) {
                send(true);
            }
        }

        @Override
        public void close() {
            WebSocketTransport.this.close();
        }

        private void ensureOpen() throws IOException {
            if (closed) {
                throw new IOException("transport closed");
            }
        }

        private void send(boolean last) throws IOException {
            CompletableFuture<WebSocket> f;
            try {
                f = ws.sendBinary(ByteBuffer.wrap(buf, 0, count), last);
            } catch (RuntimeException e) {
                throw new IOException("WebSocket send failed: " + Transports.reason(e), e);
            }
            while (true) {
                try {
                    f.get(SEND_POLL_MILLIS, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    ensureOpen();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    close();
                    throw new InterruptedIOException("interrupted while sending");
                } catch (ExecutionException e) {
                    ensureOpen();
                    Throwable c = e.getCause();
                    throw new IOException("WebSocket send failed: " + Transports.reason(c), c);
                }
            }
            count = 0;
            inMessage = !last;
        }
    }
}
