package org.katzenpost.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.Destination;
import org.katzenpost.thin.PayloadTooLargeException;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.event.MessageReplyEvent;
import org.katzenpost.thin.event.MessageSentEvent;
import org.katzenpost.thin.internal.Futures;
import org.katzenpost.thin.pki.DirectoryAuthority;
import org.katzenpost.thin.pki.PkiDocument;
import org.katzenpost.thin.pki.ServiceDescriptor;
import org.katzenpost.thin.pki.SignedPkiDocument;

/** The core API against the real kpclientd v0.0.99 of the local testnet. */
@RequiresTestnet
class CoreIT {
    private static ThinClient client;
    private static final List<MessageSentEvent> sent = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void connect() {
        client = ThinClient.connect(Testnet.config().onMessageSent(sent::add).build());
        client.sync().awaitPkiDocument(Duration.ofMinutes(3));
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    private static Destination echo() {
        return client.getService("echo").toDestination();
    }

    private static byte[] prefix(byte[] reply, int n) {
        return Arrays.copyOf(reply, n);
    }

    @Test
    void handshakeDeliversGeometriesAndOnlineStatus() {
        assertThat(client.isDaemonConnected()).isTrue();
        // kpclientd reports its gateway link as it changes; right after a connect it can be between two links
        Awaitility.await("mixnet link of the testnet").atMost(Duration.ofMinutes(2)).until(client::isMixnetConnected);
        assertThat(client.sphinxGeometry().userForwardPayloadLength()).isPositive();
        assertThat(client.pigeonholeGeometry().maxPlaintextPayloadLength()).isPositive();
        assertThat(client.pigeonholeGeometry().nikeName()).isNotBlank();
    }

    @Test
    void realPkiDocumentParsesIntoTheTypedModel() {
        PkiDocument doc = java.util.Objects.requireNonNull(client.pkiDocument(), "PKI document");
        assertThat(doc.epoch()).isPositive();
        assertThat(doc.topology()).hasSize(3).allSatisfy(layer -> assertThat(layer).isNotEmpty());
        assertThat(doc.gateways()).isNotEmpty();
        assertThat(doc.serviceNodes()).isNotEmpty();
        assertThat(doc.storageReplicas()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(client.getServices("echo")).isNotEmpty();
        assertThat(client.getServices("courier")).isNotEmpty();
        ServiceDescriptor echo = client.getService("echo");
        assertThat(echo.endpoint()).isEqualTo("+echo");
        assertThat(echo.node().identityKey()).isNotEmpty();
        assertThat(client.prettyPrintPkiDoc(doc)).contains("echo").contains(String.valueOf(doc.epoch()));
    }

    @Test
    void rawSignedDocumentAndDirectoryAuthorities() {
        SignedPkiDocument raw = client.sync().fetchSignedPkiDocument(0);
        assertThat(raw.document().epoch()).isPositive();
        List<DirectoryAuthority> auths = client.sync().fetchDirectoryAuthorities();
        assertThat(auths).hasSize(3);
        assertThat(raw.signerKeyHashes()).isNotEmpty();
        // Every signature on the consensus comes from one of the configured authorities.
        assertThat(raw.signerKeyHashes()).allSatisfy(h -> assertThat(auths).anySatisfy(
                a -> assertThat(a.identityKeyHash()).isEqualTo(h.toByteArray())));
        PkiDocument cached = client.sync().fetchPkiDocument(raw.document().epoch());
        assertThat(cached.epoch()).isEqualTo(raw.document().epoch());
    }

    @Test
    void echoRoundTripWithSendMessageAndSentEvent() {
        byte[] payload = "hello from java".getBytes(StandardCharsets.UTF_8);
        CompletableFuture<MessageReplyEvent> f = client.sendMessage(client.newSurbId(), payload, echo());
        MessageReplyEvent reply = Futures.await(f);
        assertThat(prefix(reply.payload(), payload.length)).isEqualTo(payload);
        assertThat(sent).anySatisfy(e -> assertThat(e.surbId()).isEqualTo(reply.surbId()));
    }

    @Test
    void blockingSendMessage() {
        byte[] reply = client.sync().sendMessage(client.newSurbId(), "blocking".getBytes(java.nio.charset.StandardCharsets.UTF_8), echo(), Duration.ofMinutes(3));
        assertThat(new String(prefix(reply, 8), StandardCharsets.UTF_8)).isEqualTo("blocking");
    }

    @Test
    void sendReliableMessage() {
        MessageReplyEvent reply = Futures.await(client.sendReliableMessage(client.newMessageId(),
                "reliable".getBytes(java.nio.charset.StandardCharsets.UTF_8), echo()));
        assertThat(new String(prefix(reply.payload(), 8), StandardCharsets.UTF_8)).isEqualTo("reliable");
    }

    @Test
    void sendMessageWithoutReplyProducesNoError() {
        client.sendMessageWithoutReply("fire and forget".getBytes(java.nio.charset.StandardCharsets.UTF_8), echo());
        assertThat(client.isDaemonConnected()).isTrue();
    }

    @Test
    void payloadOverTheGeometryIsRefusedBeforeSending() {
        byte[] big = new byte[client.maxMessagePayloadLength() + 1];
        assertThatThrownBy(() -> client.sendMessage(client.newSurbId(), big, echo()))
                .isInstanceOf(PayloadTooLargeException.class);
    }
}
