package org.katzenpost.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.thin.Dial;
import org.katzenpost.thin.ThinClientConfig;
import org.katzenpost.thin.internal.wire.BoxMessages;
import org.katzenpost.thin.internal.wire.Responses;
import org.katzenpost.thin.internal.wire.Responses.Response;

/**
 * A minimal kpclientd stand-in for measuring the <em>client</em>: it does the handshake like kpclientd, then
 * answers {@code next_message_box_index}, {@code new_keypair} and {@code get_message_box_index_counter} with
 * pre-encoded, daemon-style (25-key) reply frames into which it copies the request's query id. Per request it
 * allocates nothing and makes no system call of its own: it reads whatever the socket has, answers every whole
 * frame in it, and writes all the answers with one write. So on a 2-core machine nearly all of the CPU it leaves
 * is the client's. (The testkit simulator, by contrast, decodes and re-encodes every frame, records every
 * request, and hands each reply to a writer thread that writes prefix and body separately.)
 *
 * <p>{@link #holdReplies(int)} makes it answer nothing until that many requests are waiting, then all at once:
 * for measuring the client with thousands of requests in flight.
 */
public final class RawDaemon implements AutoCloseable {
    private static final byte[] PLACEHOLDER = "\u0001QID-PLACEHOLDER".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] QUERY_ID_KEY = {0x68, 'q', 'u', 'e', 'r', 'y', '_', 'i', 'd', 0x50};

    private final Dial dial;
    private final AutoCloseable listener;
    private final Path socketFile;
    private final Thread acceptor;
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
    private final byte[] hello;
    private final byte[][] kinds;
    private final byte[][] templates;
    private final int[] qidOffsets;
    private final AtomicLong answered = new AtomicLong();
    private volatile int hold;
    private volatile boolean closed;

    private RawDaemon(Dial dial, AutoCloseable listener, Path socketFile, ThrowingAccept accept) {
        this.dial = dial;
        this.listener = listener;
        this.socketFile = socketFile;
        byte[] f1 = ResponseEncoder.encode(new Responses.ConnectionStatusFrame(true, Samples.fill(16, 77),
                Samples.SPHINX, Samples.PIGEONHOLE));
        byte[] f2 = ResponseEncoder.encode(new Responses.NewPkiDocumentFrame(Samples.testkitPkiDocument()));
        hello = concat(frame(f1), frame(f2));
        Response[] replies = {
            new BoxMessages.NextMessageBoxIndexReply(PLACEHOLDER, Samples.idx(5), 0),
            new BoxMessages.NewKeypairReply(PLACEHOLDER, Samples.wcap(1), Samples.rcap(2), Samples.idx(3), 0),
            new BoxMessages.GetMessageBoxIndexCounterReply(PLACEHOLDER, 7, 0),
        };
        String[] names = {BoxMessages.NextMessageBoxIndex.KEY, BoxMessages.NewKeypair.KEY,
            BoxMessages.GetMessageBoxIndexCounter.KEY};
        kinds = new byte[names.length][];
        templates = new byte[names.length][];
        qidOffsets = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            kinds[i] = names[i].getBytes(StandardCharsets.US_ASCII);
            templates[i] = frame(ResponseEncoder.encode(replies[i]));
            qidOffsets[i] = indexOf(templates[i], PLACEHOLDER, 0);
        }
        acceptor = new Thread(() -> {
            while (!closed) {
                try {
                    Conn c = accept.accept();
                    open.add(c.closer);
                    Thread t = new Thread(() -> serve(c), "raw-daemon-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (Exception e) {
                    if (!closed) {
                        System.err.println("raw daemon: accept failed: " + e);
                    }
                    return;
                }
            }
        }, "raw-daemon-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private record Conn(InputStream in, OutputStream out, AutoCloseable closer) {}

    @FunctionalInterface
    private interface ThrowingAccept {
        Conn accept() throws IOException;
    }

    /** Listens on 127.0.0.1, an ephemeral port. */
    public static RawDaemon tcp() throws IOException {
        ServerSocket ss = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        Dial d = Dial.tcp("127.0.0.1:" + ss.getLocalPort());
        return new RawDaemon(d, ss, null, () -> {
            Socket s = ss.accept();
            s.setTcpNoDelay(true);
            return new Conn(s.getInputStream(), s.getOutputStream(), s);
        });
    }

    /** Listens on a fresh Unix-domain socket file in the temp directory. */
    public static RawDaemon unix() throws IOException {
        Path dir = Files.createTempDirectory("rawd");
        Path p = dir.resolve("s");
        ServerSocketChannel ss = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ss.bind(UnixDomainSocketAddress.of(p), 512);
        Dial d = Dial.unix(p.toString());
        return new RawDaemon(d, ss, p, () -> {
            SocketChannel ch = ss.accept();
            return new Conn(Channels.newInputStream(ch), Channels.newOutputStream(ch), ch);
        });
    }

    public static RawDaemon start(String transport) throws IOException {
        return transport.equals("unix") ? unix() : tcp();
    }

    public Dial dial() {
        return dial;
    }

    public ThinClientConfig.Builder configBuilder() {
        return ThinClientConfig.builder().dial(dial).reconnect(false).requestTimeout(Duration.ofSeconds(60));
    }

    public long answered() {
        return answered.get();
    }

    /** With n > 0: answer nothing until n requests wait on a connection, then answer them all in one write. */
    public void holdReplies(int n) {
        hold = n;
    }

    private void serve(Conn c) {
        try (AutoCloseable closer = c.closer) {
            InputStream in = c.in;
            OutputStream out = c.out;
            out.write(hello);
            out.flush();
            byte[] buf = new byte[1 << 16];
            byte[] reply = new byte[1 << 16];
            int have = 0;
            boolean handshaken = false;
            int held = 0;
            int o = 0;
            while (true) {
                if (have == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                }
                int n = in.read(buf, have, buf.length - have);
                if (n < 0) {
                    return;
                }
                have += n;
                int p = 0;
                while (have - p >= 4) {
                    int len = ((buf[p] & 0xFF) << 24) | ((buf[p + 1] & 0xFF) << 16) | ((buf[p + 2] & 0xFF) << 8)
                            | (buf[p + 3] & 0xFF);
                    if (len <= 0 || len > (64 << 20)) {
                        return; // like kpclientd: a bad prefix closes the connection
                    }
                    if (have - p - 4 < len) {
                        if (len + 4 > buf.length) {
                            buf = java.util.Arrays.copyOf(buf, len + 4);
                        }
                        break;
                    }
                    int body = p + 4;
                    p = body + len;
                    if (!handshaken) {
                        // session_token: answer {session_token_reply: {app_id, resumed: false}}
                        byte[] token = java.util.Arrays.copyOfRange(buf, p - 16, p);
                        byte[] r = frame(ResponseEncoder.encode(new Responses.SessionTokenReply(token, false)));
                        reply = ensure(reply, o, r.length);
                        System.arraycopy(r, 0, reply, o, r.length);
                        o += r.length;
                        handshaken = true;
                        continue;
                    }
                    int k = kind(buf, body, len);
                    if (k == -2) {
                        return; // thin_close
                    }
                    if (k < 0) {
                        continue; // not something we answer
                    }
                    int q = indexOf(buf, QUERY_ID_KEY, body, body + len);
                    if (q < 0 || q + QUERY_ID_KEY.length + 16 > body + len) {
                        continue;
                    }
                    byte[] t = templates[k];
                    reply = ensure(reply, o, t.length);
                    System.arraycopy(t, 0, reply, o, t.length);
                    System.arraycopy(buf, q + QUERY_ID_KEY.length, reply, o + qidOffsets[k], 16);
                    o += t.length;
                    held++;
                }
                if (p > 0) {
                    System.arraycopy(buf, p, buf, 0, have - p);
                    have -= p;
                }
                int h = hold;
                if (o > 0 && (h <= 0 || held >= h)) {
                    out.write(reply, 0, o);
                    out.flush();
                    answered.addAndGet(held);
                    o = 0;
                    held = 0;
                }
            }
        } catch (Exception e) {
            if (!closed) {
                // the client went away; nothing to do
            }
        }
    }

    /** Index of the request kind at the body's outer key, -2 for thin_close, -1 for anything else. */
    private int kind(byte[] b, int off, int len) {
        if (len < 2 || b[off] != (byte) 0xA1) {
            return -1;
        }
        int head = b[off + 1] & 0xFF;
        int klen;
        int kstart;
        if (head >= 0x60 && head < 0x78) {
            klen = head - 0x60;
            kstart = off + 2;
        } else if (head == 0x78 && len > 2) {
            klen = b[off + 2] & 0xFF;
            kstart = off + 3;
        } else {
            return -1;
        }
        for (int i = 0; i < kinds.length; i++) {
            byte[] k = kinds[i];
            if (k.length == klen && java.util.Arrays.equals(k, 0, klen, b, kstart, kstart + klen)) {
                return i;
            }
        }
        if (klen == 10 && b[kstart] == 't' && b[kstart + 5] == 'c') {
            return -2;
        }
        return -1;
    }

    private static byte[] ensure(byte[] b, int used, int more) {
        return used + more <= b.length ? b : java.util.Arrays.copyOf(b, Math.max(b.length * 2, used + more));
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        return indexOf(hay, needle, from, hay.length);
    }

    private static int indexOf(byte[] hay, byte[] needle, int from, int to) {
        outer:
        for (int i = from; i + needle.length <= to; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static byte[] frame(byte[] body) {
        byte[] f = new byte[body.length + 4];
        f[0] = (byte) (body.length >>> 24);
        f[1] = (byte) (body.length >>> 16);
        f[2] = (byte) (body.length >>> 8);
        f[3] = (byte) body.length;
        System.arraycopy(body, 0, f, 4, body.length);
        return f;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (Exception ignored) {
            // best effort
        }
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        if (socketFile != null) {
            try {
                Files.deleteIfExists(socketFile);
                Files.deleteIfExists(socketFile.getParent());
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
