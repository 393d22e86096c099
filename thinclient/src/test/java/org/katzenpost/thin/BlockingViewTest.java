package org.katzenpost.thin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.thin.internal.Futures;
import org.katzenpost.thin.pigeonhole.Keypair;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.pigeonhole.PigeonholeSync;
import org.katzenpost.thin.stats.RequestKind;

/** The one convention of docs/api.md: futures, one blocking view with the same calls, one Duration rule. */
class BlockingViewTest {
    private KpclientdSimulator sim;
    private ThinClient client;

    @BeforeEach
    void start() {
        sim = KpclientdSimulator.builder().tcp().start();
        client = ThinClient.connect(sim.thinClientConfigBuilder().requestTimeout(Duration.ofSeconds(10)).build());
    }

    @AfterEach
    void stop() {
        client.close();
        sim.close();
    }

    @Test
    void syncReturnsWhatTheFutureCompletesWith() {
        byte[] payload = "ping".getBytes(StandardCharsets.UTF_8);
        Destination echo = client.getService("echo").toDestination();
        byte[] reply = client.sync().sendMessage(client.newSurbId(), payload, echo, Duration.ofSeconds(5));
        assertThat(reply).startsWith(payload);
        assertThat(client.sync().fetchDirectoryAuthorities())
                .isEqualTo(client.fetchDirectoryAuthorities().join());
        assertThat(client.sync().fetchPkiDocument(0).epoch()).isEqualTo(client.pkiDocument().epoch());
        assertThat(client.sync().async()).isSameAs(client);
        assertThat(client.pigeonhole()).isSameAs(client.pigeonhole());
        assertThat(client.pigeonhole().sync().async()).isSameAs(client.pigeonhole());
    }

    /**
     * A blocking call's reply is completed by the reader, which wakes the waiting thread itself; a future handed to
     * the application is completed off the reader, so its stages never run there (docs/performance.md, "Fewer
     * hops for a blocking call").
     */
    @Test
    void onlyABlockingCallIsCompletedOnTheReaderThread() {
        MessageBoxIndex index = client.pigeonhole().sync().newKeypair(PigeonholeClient.randomSeed()).firstIndex();
        // replies come late, so each stage below is attached before its call completes and runs where it does
        sim.delay(RequestKind.NEXT_MESSAGE_BOX_INDEX, Duration.ofSeconds(2)); // room for a loaded machine
        String blocking = Futures.awaitCall(() -> client.pigeonhole().nextMessageBoxIndex(index)
                .thenApply(next -> Thread.currentThread().getName()));
        assertThat(blocking).matches("katzenpost-thin-\\d+-reader");
        String async = client.pigeonhole().nextMessageBoxIndex(index)
                .thenApply(next -> Thread.currentThread().getName()).join();
        assertThat(async).doesNotEndWith("-reader").isNotEqualTo(Thread.currentThread().getName());
        assertThat(Futures.startingAwaitedCall()).isFalse();
    }

    @Test
    void syncThrowsTheFuturesExceptionTypeNotExecutionException() {
        sim.failNext(RequestKind.GET_DIRECTORY_AUTHORITIES, ThinErrorCode.INTERNAL_ERROR);
        assertThatThrownBy(() -> client.sync().fetchDirectoryAuthorities())
                .isExactlyInstanceOf(DaemonErrorException.class);
        sim.failNext(RequestKind.NEW_KEYPAIR, ThinErrorCode.INTERNAL_ERROR);
        PigeonholeSync ph = client.pigeonhole().sync();
        assertThatThrownBy(() -> ph.newKeypair(PigeonholeClient.randomSeed()))
                .isExactlyInstanceOf(DaemonErrorException.class);
        Keypair k = ph.newKeypair(PigeonholeClient.randomSeed()); // the failure was for one call only
        assertThat(k.writeCap()).isNotNull();
    }

    @Test
    void everyDurationIsCheckedTheSameWay() {
        Destination echo = client.getService("echo").toDestination();
        byte[] payload = new byte[1];
        PigeonholeClient ph = client.pigeonhole();
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1)}) {
            assertIllegalTimeout(() -> client.fetchDirectoryAuthorities(bad));
            assertIllegalTimeout(() -> client.fetchSignedPkiDocument(0, bad));
            assertIllegalTimeout(() -> client.sendMessage(client.newSurbId(), payload, echo, bad));
            assertIllegalTimeout(() -> client.sendReliableMessage(client.newMessageId(), payload, echo, bad));
            assertIllegalTimeout(() -> client.sync().awaitMessageReply(bad));
            assertIllegalTimeout(() -> client.sync().awaitPkiDocument(bad));
            assertIllegalTimeout(() -> ph.withTimeout(bad).newKeypair(PigeonholeClient.randomSeed()));
            assertIllegalTimeout(() -> ph.sync().withTimeout(bad).createChannel());
        }
        assertThatThrownBy(() -> client.pigeonhole().withTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be positive");
        assertThat(sim.requests(RequestKind.SEND_MESSAGE)).isEmpty();
    }

    private static void assertIllegalTimeout(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout must be positive");
    }

    /** With reconnection off a lost connection is gone for good: CLOSED, not RECONNECTING for ever. */
    @Test
    void withReconnectionOffALostConnectionReadsClosed() {
        try (ThinClient once = ThinClient.connect(sim.thinClientConfigBuilder().reconnect(false).build())) {
            assertThat(once.connectionState()).isEqualTo(ConnectionState.CONNECTED);
            sim.dropAllConnections();
            await().atMost(Duration.ofSeconds(5)).until(() -> !once.isDaemonConnected());
            assertThat(once.connectionState()).isEqualTo(ConnectionState.CLOSED);
            // the application starts it again: connected, and calls are answered again
            once.start();
            assertThat(once.connectionState()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(once.sync().fetchDirectoryAuthorities()).isNotNull();
        }
    }

    @Test
    void connectionStateFollowsTheDaemonAndTheMixnet() {
        assertThat(client.connectionState()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(client.isMixnetConnected()).isTrue();
        sim.setMixnetConnected(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> client.connectionState() == ConnectionState.MIXNET_DOWN);
        assertThat(client.isMixnetConnected()).isFalse();
        assertThat(client.isDaemonConnected()).isTrue();
        sim.setMixnetConnected(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> client.connectionState() == ConnectionState.CONNECTED);
        sim.stop(false); // the daemon goes away without a word: the client keeps trying
        await().atMost(Duration.ofSeconds(5)).until(() -> client.connectionState() == ConnectionState.RECONNECTING);
        sim.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> client.connectionState() == ConnectionState.CONNECTED);
        client.close();
        assertThat(client.connectionState()).isEqualTo(ConnectionState.CLOSED);
        ThinClient fresh = ThinClient.create(sim.thinClientConfig());
        try {
            assertThat(fresh.connectionState()).isEqualTo(ConnectionState.CONNECTING);
        } finally {
            fresh.close();
        }
    }
}
