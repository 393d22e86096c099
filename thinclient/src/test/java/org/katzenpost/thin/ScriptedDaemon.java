package org.katzenpost.thin;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import org.katzenpost.testkit.internal.wire.RequestDecoder;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.thin.internal.wire.Frames;
import org.katzenpost.thin.internal.wire.Requests.Request;
import org.katzenpost.thin.internal.wire.Responses;
import org.katzenpost.thin.internal.wire.Responses.Response;

/**
 * A one-connection-at-a-time fake kpclientd driven step by step by a test script, for handshake and framing
 * cases the full simulator deliberately does not cover.
 */
final class ScriptedDaemon implements AutoCloseable {
    static final SphinxGeometry SPHINX = new SphinxGeometry(3082, 5, 476, 410, 82, 494, 2, 32, 2606, 2000, 33, 32,
            "x25519", "");
    static final PigeonholeGeometry PIGEONHOLE = new PigeonholeGeometry(1553, 2000, 2000, 1800, 1800,
            "CTIDH1024-X25519", "Ed25519");
    static final byte[] INSTANCE = new byte[16];

    interface Script {
        void run(Peer peer) throws Exception;
    }

    private final ServerSocket server;
    private final Thread thread;
    final List<Throwable> failures = new CopyOnWriteArrayList<>();
    final BlockingQueue<Peer> peers = new LinkedBlockingQueue<>();

    ScriptedDaemon(Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Peer p = new Peer(s);
                    peers.add(p);
                    Thread t = new Thread(() -> {
                        try {
                            script.run(p);
                        } catch (Exception e) {
                            if (!p.socket.isClosed()) {
                                failures.add(e);
                            }
                        }
                    }, "scripted-daemon-peer");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "scripted-daemon");
        thread.setDaemon(true);
        thread.start();
    }

    Dial dial() {
        return Dial.tcp("127.0.0.1:" + server.getLocalPort());
    }

    ThinClientConfig.Builder config() {
        return ThinClientConfig.builder().dial(dial()).reconnect(false);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Peer p : peers) {
            p.close();
        }
    }

    static final class Peer {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        void send(Response r) throws IOException {
            Frames.write(out, ResponseEncoder.encode(r));
        }

        void sendRaw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Writes only a length prefix announcing {@code length} bytes. */
        void announce(long length) throws IOException {
            new DataOutputStream(out).writeInt((int) length);
            out.flush();
        }

        Request receive() throws IOException {
            byte[] body = Frames.read(in);
            return body == null ? null : RequestDecoder.decode(body);
        }

        void status(boolean connected) throws IOException {
            status(connected, INSTANCE);
        }

        void status(boolean connected, byte[] instanceToken) throws IOException {
            send(new Responses.ConnectionStatusEvent(connected, instanceToken, SPHINX, PIGEONHOLE));
        }

        void emptyDocument() throws IOException {
            send(new Responses.NewPkiDocumentEvent(null));
        }

        /** F1, F2 and the token exchange, as kpclientd does them. */
        void handshake(boolean connected) throws IOException {
            status(connected);
            emptyDocument();
            Request token = receive();
            if (!(token instanceof org.katzenpost.thin.internal.wire.Requests.SessionToken)) {
                throw new IOException("expected session_token, got " + token);
            }
            send(new Responses.SessionTokenReply(new byte[16], false));
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // test teardown
            }
        }
    }
}
