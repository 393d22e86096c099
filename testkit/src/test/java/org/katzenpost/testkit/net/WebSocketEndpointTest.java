package org.katzenpost.testkit.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.katzenpost.thin.Dial;
import org.katzenpost.thin.internal.transport.Transport;
import org.katzenpost.thin.internal.transport.Transports;
import org.katzenpost.thin.internal.wire.Frames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The WebSocket endpoint's kpclientd-like behaviour, seen with a plain JDK WebSocket that records messages. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WebSocketEndpointTest {
    private Endpoint endpoint;

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() throws IOException {
        endpoint = Endpoints.webSocket(0);
    }

    @AfterEach
    void tearDown() throws IOException {
        endpoint.close();
    }

    /** Records whole binary messages (partial deliveries joined) and text messages. */
    static final class Recorder implements WebSocket.Listener {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            partial.writeBytes(b);
            if (last) {
                messages.add(partial.toByteArray());
                partial.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            messages.add(data.toString());
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            messages.add(statusCode);
            return null;
        }

        byte[] next() throws InterruptedException {
            Object m = messages.poll(10, TimeUnit.SECONDS);
            assertThat(m).isInstanceOf(byte[].class);
            return (byte[]) m;
        }
    }

    private WebSocket open(Recorder r, String path) throws Exception {
        Dial.Ws dial = (Dial.Ws) endpoint.dial();
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(dial.url().resolve(path), r).get(10, TimeUnit.SECONDS);
    }

    @Test
    void eachFrameGoesOutAsPrefixMessageThenBodyMessage() throws Exception {
        Recorder r = new Recorder();
        WebSocket ws = open(r, "/");
        try (Connection c = endpoint.accept()) {
            byte[] small = {1, 2, 3};
            byte[] big = new byte[300_000]; // longer than one fragment: still one message
            big[299_999] = 9;
            Frames.write(c.output(), small);
            Frames.write(c.output(), big);
            assertThat(r.next()).isEqualTo(Frames.prefix(3));
            assertThat(r.next()).isEqualTo(small);
            assertThat(r.next()).isEqualTo(Frames.prefix(300_000));
            assertThat(r.next()).isEqualTo(big);

            // two frames in one write, and a frame written byte by byte, still split the same way
            ByteArrayOutputStream two = new ByteArrayOutputStream();
            two.writeBytes(Frames.prefix(1));
            two.write(7);
            two.writeBytes(Frames.prefix(2));
            two.write(8);
            two.write(9);
            c.output().write(two.toByteArray());
            c.output().flush();
            OutputStream out = c.output();
            for (byte b : Frames.prefix(1)) {
                out.write(b);
            }
            out.write(5);
            out.flush();
            assertThat(r.next()).isEqualTo(Frames.prefix(1));
            assertThat(r.next()).containsExactly(7);
            assertThat(r.next()).isEqualTo(Frames.prefix(2));
            assertThat(r.next()).containsExactly(8, 9);
            assertThat(r.next()).isEqualTo(Frames.prefix(1));
            assertThat(r.next()).containsExactly(5);
        } finally {
            ws.abort();
        }
    }

    @Test
    void anyPathIsAccepted() throws Exception {
        Recorder r = new Recorder();
        WebSocket ws = open(r, "/some/other/path?x=1");
        try (Connection c = endpoint.accept()) {
            ws.sendBinary(ByteBuffer.wrap(new byte[] {0, 0, 0, 1}), true).get(5, TimeUnit.SECONDS);
            ws.sendBinary(ByteBuffer.wrap(new byte[] {42}), true).get(5, TimeUnit.SECONDS);
            assertThat(OneFrame.read(c.input())).containsExactly(42);
        } finally {
            ws.abort();
        }
    }

    @Test
    void clientMessagesAreOneStreamAcrossFragments() throws Exception {
        Recorder r = new Recorder();
        WebSocket ws = open(r, "/");
        try (Connection c = endpoint.accept()) {
            ws.sendBinary(ByteBuffer.wrap(new byte[] {0, 0}), false).get(5, TimeUnit.SECONDS);
            ws.sendBinary(ByteBuffer.wrap(new byte[] {0, 3, 1}), true).get(5, TimeUnit.SECONDS);
            ws.sendBinary(ByteBuffer.wrap(new byte[] {2, 3}), true).get(5, TimeUnit.SECONDS);
            assertThat(OneFrame.read(c.input())).containsExactly(1, 2, 3);
        } finally {
            ws.abort();
        }
    }

    @Test
    void aTextMessageFailsTheServerReaderAndClosesWith1003() throws Exception {
        Recorder r = new Recorder();
        WebSocket ws = open(r, "/");
        try (Connection c = endpoint.accept()) {
            ws.sendText("{}", true).get(5, TimeUnit.SECONDS);
            assertThatThrownBy(() -> c.input().read()).isInstanceOf(IOException.class).hasMessageContaining("text");
            assertThat(r.messages.poll(10, TimeUnit.SECONDS)).isEqualTo(1003);
        } finally {
            ws.abort();
        }
    }

    @Test
    void theClientTransportRejectsATextMessageFromTheServer() throws Exception {
        try (Transport t = Transports.open(endpoint.dial(), Duration.ofSeconds(5));
                Connection c = endpoint.accept()) {
            ((WebSocketEndpoint.WsConnection) c).sendText("not binary");
            assertThatThrownBy(() -> OneFrame.read(t.input())).isInstanceOf(IOException.class)
                    .hasMessageContaining("text");
        }
    }

    @Test
    void rawMessagesFromTheServerAreOneStreamForTheClient() throws Exception {
        try (Transport t = Transports.open(endpoint.dial(), Duration.ofSeconds(5));
                Connection c = endpoint.accept()) {
            WebSocketEndpoint.WsConnection wc = (WebSocketEndpoint.WsConnection) c;
            wc.sendRawBinary(new byte[] {0});
            wc.sendRawBinary(new byte[] {0, 0, 2, 'o'});
            wc.sendRawBinary(new byte[] {'k', 0, 0, 0});
            wc.sendRawBinary(new byte[] {1, '!'});
            assertThat(OneFrame.read(t.input())).containsExactly('o', 'k');
            assertThat(OneFrame.read(t.input())).containsExactly('!');
        }
    }

    @Test
    void aBusyPortIsAnError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> Endpoints.webSocket(taken.getLocalPort()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()));
        }
    }

    @Test
    void unixPathRefusesAnExistingFileAndRemovesItsSocketOnClose() throws Exception {
        Path existing = Files.writeString(dir.resolve("taken"), "x");
        assertThatThrownBy(() -> Endpoints.unixPath(existing)).isInstanceOf(IOException.class)
                .hasMessageContaining("exists");
        assertThat(existing).exists();
        Path sock = dir.resolve("kp.sock");
        Endpoint e = Endpoints.unixPath(sock);
        assertThat(sock).exists();
        e.close();
        assertThat(sock).doesNotExist();
    }

    @Test
    void endpointsBindLoopbackOnly() throws Exception {
        try (Endpoint tcp = Endpoints.tcp(0)) {
            assertThat(((Dial.Tcp) tcp.dial()).host()).isEqualTo("127.0.0.1");
        }
        assertThat(((Dial.Ws) endpoint.dial()).url().getHost()).isEqualTo("127.0.0.1");
    }
}
