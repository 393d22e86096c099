package org.katzenpost.testkit.sim;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.katzenpost.thin.Dial;
import org.katzenpost.thin.internal.wire.Frames;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.internal.wire.Requests.Request;
import org.katzenpost.thin.internal.wire.Responses;
import org.katzenpost.thin.internal.wire.Responses.Response;
import org.katzenpost.thin.internal.wire.WireCodec;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** A bare-bones thin client for driving the simulator: raw frames over any transport, WireCodec encoding. */
final class RawClient implements AutoCloseable {
    /**
     * How long a read waits for bytes the simulator will send: a guard against a hang, not a latency assertion
     * (nothing here asserts an upper bound on time), so generous enough for a heavily loaded 2-core machine.
     */
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Object EOF = new Object();

    private final Socket socket;
    private final WebSocket ws;
    private final InputStream in;
    private final OutputStream out;
    /** Frames read past while waiting for a particular one. */
    private final List<Response> stash = new ArrayList<>();

    private RawClient(Socket socket, WebSocket ws, InputStream in, OutputStream out) {
        this.socket = socket;
        this.ws = ws;
        this.in = in;
        this.out = out;
    }

    static RawClient connect(Dial dial) throws IOException {
        if (dial instanceof Dial.Tcp t) {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(t.host(), t.port()), 5000);
            s.setTcpNoDelay(true);
            return new RawClient(s, null, s.getInputStream(), s.getOutputStream());
        } else if (dial instanceof Dial.Unix u) {
            AFUNIXSocket s = AFUNIXSocket.newInstance();
            s.connect(u.isAbstract() ? AFUNIXSocketAddress.inAbstractNamespace(u.abstractName())
                    : AFUNIXSocketAddress.of(new java.io.File(u.address())));
            return new RawClient(s, null, s.getInputStream(), s.getOutputStream());
        } else {
            Dial.Ws w = (Dial.Ws) dial;
            WsPipe pipe = new WsPipe();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(w.url(), pipe).join();
            OutputStream o = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    socket.sendBinary(ByteBuffer.wrap(b, off, len), true).join();
                }
            };
            return new RawClient(null, socket, pipe, o);
        }
    }

    /** Input side of a JDK WebSocket as a byte stream; honours a read timeout like a socket. */
    private static final class WsPipe extends InputStream implements WebSocket.Listener {
        final LinkedBlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
        private byte[] cur = new byte[0];
        private int pos;
        private boolean eof;
        volatile long timeoutMillis = TIMEOUT.toMillis();

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            chunks.add(b);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            chunks.add(EOF);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            chunks.add(EOF);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (pos == cur.length) {
                if (eof) {
                    return -1;
                }
                Object next;
                try {
                    next = chunks.poll(timeoutMillis, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                }
                if (next == null) {
                    throw new SocketTimeoutException("read timed out");
                }
                if (next == EOF) {
                    eof = true;
                    return -1;
                }
                cur = (byte[]) next;
                pos = 0;
            }
            int n = Math.min(len, cur.length - pos);
            System.arraycopy(cur, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    void setTimeout(Duration d) throws IOException {
        if (socket != null) {
            socket.setSoTimeout((int) d.toMillis());
        } else {
            ((WsPipe) in).timeoutMillis = d.toMillis();
        }
    }

    // ------------------------------------------------------------------ writing

    void send(Request r) throws IOException {
        sendBody(WireCodec.INSTANCE.encodeRequest(r));
    }

    void sendBody(byte[] body) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(Frames.prefix(body.length));
        b.write(body);
        out.write(b.toByteArray());
        out.flush();
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    // ------------------------------------------------------------------ reading

    /** Reads the next frame body (from the wire, not the stash). */
    byte[] readBody(Duration timeout) throws IOException {
        setTimeout(timeout);
        byte[] prefix = readExactly(4);
        int len = ((prefix[0] & 0xFF) << 24) | ((prefix[1] & 0xFF) << 16) | ((prefix[2] & 0xFF) << 8) | (prefix[3] & 0xFF);
        return readExactly(len);
    }

    byte[] readExactly(int n) throws IOException {
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            int r = in.read(b, off, n - off);
            if (r < 0) {
                throw new EOFException("closed after " + off + " of " + n + " bytes");
            }
            off += r;
        }
        return b;
    }

    /** Reads everything until the peer closes (or the timeout passes: then SocketTimeoutException). */
    byte[] readUntilClosed(Duration timeout) throws IOException {
        setTimeout(timeout);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (true) {
            int r;
            try {
                r = in.read(buf);
            } catch (IOException e) {
                if (e instanceof SocketTimeoutException) {
                    throw e;
                }
                break; // connection reset counts as closed
            }
            if (r < 0) {
                break;
            }
            b.write(buf, 0, r);
        }
        return b.toByteArray();
    }

    /** True if nothing arrives within {@code d} and the connection is still open. */
    boolean silentFor(Duration d) throws IOException {
        setTimeout(d);
        try {
            int r = in.read();
            if (r < 0) {
                return false;
            }
            throw new AssertionError("unexpected byte " + r);
        } catch (SocketTimeoutException e) {
            return true;
        }
    }

    Response read() throws IOException {
        if (!stash.isEmpty()) {
            return stash.remove(0);
        }
        return WireCodec.INSTANCE.decodeResponse(readBody(TIMEOUT));
    }

    /** The next frame matching {@code p}; others are stashed for later {@link #read()}s. */
    Response readUntil(Predicate<Response> p) throws IOException {
        for (int i = 0; i < stash.size(); i++) {
            if (p.test(stash.get(i))) {
                return stash.remove(i);
            }
        }
        while (true) {
            Response r = WireCodec.INSTANCE.decodeResponse(readBody(TIMEOUT));
            if (p.test(r)) {
                return r;
            }
            stash.add(r);
        }
    }

    <T extends Response> T readType(Class<T> type) throws IOException {
        return type.cast(readUntil(type::isInstance));
    }

    /** F1, F2, session_token, then frames up to and including the reply. */
    Handshake handshake(byte[] token) throws IOException {
        Response f1 = read();
        Response f2 = read();
        send(new Requests.SessionToken(token));
        List<Response> before = new ArrayList<>();
        while (true) {
            Response r = read();
            if (r instanceof Responses.SessionTokenReply reply) {
                return new Handshake(f1, f2, before, reply);
            }
            before.add(r);
        }
    }

    record Handshake(Response f1, Response f2, List<Response> beforeReply, Responses.SessionTokenReply reply) {
        Responses.ConnectionStatusFrame status() {
            return (Responses.ConnectionStatusFrame) f1;
        }

        Responses.NewPkiDocumentFrame pki() {
            return (Responses.NewPkiDocumentFrame) f2;
        }
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        } else {
            ws.abort();
        }
    }
}
