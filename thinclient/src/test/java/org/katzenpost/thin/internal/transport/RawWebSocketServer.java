package org.katzenpost.thin.internal.transport;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * A hand-driven RFC 6455 server for client tests: the test decides every frame the client receives (text
 * messages, odd fragmentation, bursts) and sees every frame the client sends. Loopback only.
 */
final class RawWebSocketServer implements AutoCloseable {
    static final int OP_CONT = 0, OP_TEXT = 1, OP_BINARY = 2, OP_CLOSE = 8, OP_PING = 9, OP_PONG = 10;

    private final ServerSocket server;

    RawWebSocketServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    }

    String url() {
        return "ws://127.0.0.1:" + server.getLocalPort() + "/any/path";
    }

    /** Accepts one connection and completes the opening handshake. */
    Peer accept() throws IOException {
        Socket s = server.accept();
        s.setTcpNoDelay(true);
        Peer p = new Peer(s);
        p.handshake();
        return p;
    }

    /** Accepts one connection and never answers its handshake. */
    Socket acceptSilently() throws IOException {
        return server.accept();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    record Frame(boolean fin, int opcode, byte[] payload) {}

    static final class Peer implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        String requestLine;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        private void handshake() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("client closed during the handshake");
                }
                head.write(b);
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            requestLine = lines[0];
            String key = null;
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-key")) {
                    key = line.substring(colon + 1).trim();
                }
            }
            if (key == null) {
                throw new IOException("no Sec-WebSocket-Key in " + requestLine);
            }
            String accept;
            try {
                accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                        (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1)));
            } catch (NoSuchAlgorithmException e) {
                throw new IOException(e);
            }
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** Sends one unmasked frame. */
        synchronized void send(boolean fin, int opcode, byte[] payload) throws IOException {
            ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 10);
            f.write((fin ? 0x80 : 0) | opcode);
            if (payload.length < 126) {
                f.write(payload.length);
            } else if (payload.length < 65536) {
                f.write(126);
                f.write(payload.length >>> 8);
                f.write(payload.length);
            } else {
                f.write(127);
                for (int i = 7; i >= 0; i--) {
                    f.write((int) ((long) payload.length >>> (8 * i)));
                }
            }
            f.write(payload);
            out.write(f.toByteArray());
            out.flush();
        }

        void sendBinary(byte[] payload) throws IOException {
            send(true, OP_BINARY, payload);
        }

        /** Reads one frame from the client, unmasked; null at end of stream. */
        Frame read() throws IOException {
            int b0 = in.read();
            if (b0 < 0) {
                return null;
            }
            int b1 = readByte();
            long len = b1 & 0x7F;
            if (len == 126) {
                len = (readByte() << 8) | readByte();
            } else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | readByte();
                }
            }
            if ((b1 & 0x80) == 0) {
                throw new IOException("client frame is not masked");
            }
            byte[] mask = in.readNBytes(4);
            byte[] payload = in.readNBytes((int) len);
            if (mask.length != 4 || payload.length != len) {
                throw new EOFException("client closed inside a frame");
            }
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
            return new Frame((b0 & 0x80) != 0, b0 & 0x0F, payload);
        }

        /** Reads data frames until one with FIN and returns the message payload; null at end of stream. */
        byte[] readMessage() throws IOException {
            ByteArrayOutputStream msg = new ByteArrayOutputStream();
            while (true) {
                Frame f = read();
                if (f == null) {
                    return null;
                }
                if (f.opcode() >= OP_CLOSE) {
                    if (f.opcode() == OP_CLOSE) {
                        return null;
                    }
                    continue;
                }
                msg.write(f.payload());
                if (f.fin()) {
                    return msg.toByteArray();
                }
            }
        }

        private int readByte() throws IOException {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("client closed inside a frame header");
            }
            return b;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
