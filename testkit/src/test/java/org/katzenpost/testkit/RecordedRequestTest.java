package org.katzenpost.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.pigeonhole.Keypair;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.stats.RequestKind;

/**
 * The testkit as a user's test sees it: only public types (this class imports nothing internal). What a
 * {@link RecordedRequest} shows of the requests a real {@link ThinClient} sends, and a scripted
 * {@link SocketPolicy} as the client sees it.
 */
class RecordedRequestTest {
    private static final Duration T = Duration.ofSeconds(10);

    private KpclientdSimulator sim;
    private ThinClient client;
    private PigeonholeClient ph;

    @BeforeEach
    void start() {
        sim = KpclientdSimulator.builder().start();
        client = ThinClient.connect(sim.thinClientConfig());
        ph = client.pigeonhole();
    }

    @AfterEach
    void stop() {
        client.close();
        sim.close();
    }

    private static <V> V get(CompletableFuture<V> f) throws Exception {
        return f.get(T.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void encryptWriteIsShownWithItsTypedFields() throws Exception {
        Instant before = Instant.now();
        Keypair k = get(ph.newKeypair(PigeonholeClient.randomSeed()));
        byte[] plaintext = "hello, box".getBytes(StandardCharsets.UTF_8);
        get(ph.encryptWrite(plaintext, k.writeCap(), k.firstIndex()));

        RecordedRequest w = sim.awaitRequest(RequestKind.ENCRYPT_WRITE, T);
        assertThat(w.kind()).isEqualTo(RequestKind.ENCRYPT_WRITE);
        assertThat(w.wireName()).isEqualTo("encrypt_write");
        assertThat(w.connectionId()).isEqualTo(1);
        assertThat(w.receivedAt()).isAfterOrEqualTo(before);
        assertThat(w.queryId()).isNotNull();
        assertThat(w.payload()).isEqualTo(plaintext);
        assertThat(w.writeCap()).isEqualTo(k.writeCap());
        assertThat(w.messageBoxIndex()).isEqualTo(k.firstIndex());
        assertThat(w.bodySize()).isGreaterThan(plaintext.length + k.writeCap().length() + k.firstIndex().length());
        // fields the request does not have
        assertThat(w.readCap()).isNull();
        assertThat(w.destination()).isNull();
        assertThat(w.surbId()).isNull();
        assertThat(w.courier()).isNull();
        assertThat(w.resendOptions()).isNull();
        assertThat(w.epoch()).isEqualTo(-1);
        assertThat(w.withSurb()).isFalse();
        // read-only: the array is a copy
        w.payload()[0] = 0;
        assertThat(w.payload()).isEqualTo(plaintext);
        // no secret in toString
        String text = w.toString();
        assertThat(text).contains("encrypt_write").contains(String.valueOf(w.bodySize()))
                .doesNotContain("hello")
                .doesNotContain(HexFormat.of().formatHex(k.writeCap().toBytes()).substring(0, 16))
                .doesNotContain(k.writeCap().toBase64().substring(0, 16));

        assertThat(sim.requests(RequestKind.ENCRYPT_WRITE)).containsExactly(w);
        RecordedRequest n = sim.requests(RequestKind.NEW_KEYPAIR).get(0);
        assertThat(n).isNotEqualTo(w);
        assertThat(n.queryId()).isNotEqualTo(w.queryId());
        assertThat(n.payload()).isNull();
        assertThat(sim.requests()).extracting(RecordedRequest::wireName)
                .containsExactly("session_token", "new_keypair", "encrypt_write");
    }

    @Test
    void sendMessageWithoutReplyShowsItsDestinationAndPayload() throws Exception {
        client.sendMessageWithoutReply("to the echo service".getBytes(StandardCharsets.UTF_8), sim.echoDestination());
        RecordedRequest s = sim.awaitRequest(RequestKind.SEND_MESSAGE, T);
        assertThat(s.destination()).isEqualTo(sim.echoDestination());
        assertThat(s.payload()).isEqualTo("to the echo service".getBytes(StandardCharsets.UTF_8));
        assertThat(s.withSurb()).isFalse();
        assertThat(s.surbId()).isNull();
        assertThat(s.messageId()).isNull();
        assertThat(s.queryId()).isNull();
    }

    @Test
    void awaitRequestByPredicateAndItsTimeout() throws Exception {
        get(client.fetchPkiDocument(0));
        RecordedRequest g = sim.awaitRequest(r -> r.kind() == RequestKind.GET_PKI_DOCUMENT && r.epoch() == 0, T);
        assertThat(g.epoch()).isZero();
        assertThatThrownBy(() -> sim.awaitRequest(RequestKind.VOUCHER_MINT, Duration.ofMillis(100)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("voucher_mint");
        sim.clearRequests();
        assertThat(sim.requests()).isEmpty();
    }

    @Test
    void aDaemonThatNeverAnswersMeetsTheCallsDeadline() throws Exception {
        sim.whenNext(RequestKind.NEW_KEYPAIR, SocketPolicy.NO_RESPONSE);
        CompletableFuture<Keypair> lost = ph.withTimeout(Duration.ofMillis(300)).newKeypair(PigeonholeClient.randomSeed());
        assertThatThrownBy(() -> get(lost)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(RequestTimeoutException.class);
        assertThat(sim.requests(RequestKind.NEW_KEYPAIR)).hasSize(1);
        // only the next one: the connection still serves
        assertThat(get(ph.newKeypair(PigeonholeClient.randomSeed())).writeCap()).isNotNull();
    }
}
