package org.katzenpost.thin.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.katzenpost.thin.ConfigurationException;
import org.katzenpost.thin.Dial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DialTest {
    @Test
    void tcpForms() {
        Dial.Tcp a = Dial.tcp("localhost:64331");
        assertThat(a.network()).isEqualTo("tcp");
        assertThat(a.host()).isEqualTo("localhost");
        assertThat(a.port()).isEqualTo(64331);
        assertThat(a).hasToString("tcp localhost:64331");

        Dial.Tcp b = Dial.tcp("[::1]:64331", "tcp6");
        assertThat(b.host()).isEqualTo("::1");
        assertThat(b).hasToString("tcp6 [::1]:64331");

        assertThat(Dial.tcp(":80").host()).isEmpty();
        assertThat(new Dial.Tcp("h:1", null).network()).isEqualTo("tcp");
        assertThat(new Dial.Tcp("h:1", "")).isEqualTo(Dial.tcp("h:1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "localhost", "localhost:", "localhost:0", "localhost:65536", "localhost:http",
        "::1:80", "[::1]", "[::1]80", "[]:80", "[::1:80", "a b:80", "h:+80", "h:123456"})
    void badTcpAddressesAreRejected(String address) {
        assertThatThrownBy(() -> Dial.tcp(address))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("TCP dial address");
    }

    @Test
    void badNetworkIsRejected() {
        assertThatThrownBy(() -> Dial.tcp("h:1", "udp"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("\"udp\"")
                .hasMessageContaining("tcp, tcp4, tcp6");
        assertThatThrownBy(() -> Dial.tcp("h:1", "unix")).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void unixForms() {
        Dial.Unix path = Dial.unix("/run/kp.sock");
        assertThat(path.isAbstract()).isFalse();
        assertThat(path).hasToString("unix /run/kp.sock");
        assertThatThrownBy(path::abstractName).isInstanceOf(IllegalStateException.class);

        Dial.Unix abs = Dial.unix("@katzenpost");
        assertThat(abs.isAbstract()).isTrue();
        assertThat(abs.abstractName()).isEqualTo("katzenpost");
        assertThat(abs).hasToString("unix @katzenpost");
        assertThat(Dial.unix("relative.sock").isAbstract()).isFalse();
    }

    @Test
    void badUnixAddressesAreRejected() {
        assertThatThrownBy(() -> Dial.unix("")).isInstanceOf(ConfigurationException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> Dial.unix(null)).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> Dial.unix("@")).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> Dial.unix("\0katzenpost")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("@name");
        assertThatThrownBy(() -> Dial.unix("@" + "x".repeat(108))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("107");
        assertThat(Dial.unix("@" + "x".repeat(107)).abstractName()).hasSize(107);
    }

    @Test
    void webSocketForms() {
        Dial.Ws ws = Dial.ws("ws://127.0.0.1:8080/");
        assertThat(ws.url()).isEqualTo(URI.create("ws://127.0.0.1:8080/"));
        assertThat(ws.address()).isEqualTo("ws://127.0.0.1:8080/");
        assertThat(ws).hasToString("websocket ws://127.0.0.1:8080/");
        assertThat(Dial.ws("wss://example.org/kp").url().getScheme()).isEqualTo("wss");
        assertThat(Dial.ws("WS://h/").url().getHost()).isEqualTo("h");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "http://h:1/", "127.0.0.1:8080", "ws:///path", "ws://h:1/#frag", "ws://h:1/ x",
        "ws://h:0/", "unix:///run/x"})
    void badWebSocketUrlsAreRejected(String url) {
        assertThatThrownBy(() -> Dial.ws(url))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("WebSocket dial address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ws://user:s3cret@h:1/", "wss://s3cret@h/kp", "ws://user:s3cret@[::1]:1/?q=s3cret",
        "http://user:s3cret@h/"})
    void webSocketUrlsWithCredentialsAreRefusedWithoutShowingThem(String url) {
        assertThatThrownBy(() -> Dial.ws(url))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("WebSocket dial address")
                .hasMessageNotContaining("s3cret")
                .hasNoCause();
    }

    @Test
    void aWebSocketUrlIsShownWithoutItsQuery() {
        Dial.Ws ws = Dial.ws("wss://example.org:443/kp?token=s3cret&x=1");
        assertThat(ws).hasToString("websocket wss://example.org:443/kp?\u2026");
        assertThat(ws.address()).as("connecting needs it whole").isEqualTo("wss://example.org:443/kp?token=s3cret&x=1");
        assertThat(Dial.ws("ws://[::1]:8080/p?t=s3cret")).hasToString("websocket ws://[::1]:8080/p?\u2026");
        // what is refused is not shown with its query or fragment either
        assertThatThrownBy(() -> Dial.ws("ws://h:1/?token=s3cret#s3cret")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("ws://h:1/?\u2026#\u2026").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> Dial.ws("ws://h:1/?token=s3cret x")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("not a valid URL").hasMessageNotContaining("s3cret").hasNoCause();
        assertThatThrownBy(() -> Dial.ws("http://h:1/?token=s3cret")).isInstanceOf(ConfigurationException.class)
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void recordsValidateToo() {
        assertThatThrownBy(() -> new Dial.Ws(URI.create("http://h/"))).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> new Dial.Unix("")).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> new Dial.Tcp("nope", "tcp")).isInstanceOf(ConfigurationException.class);
    }
}
