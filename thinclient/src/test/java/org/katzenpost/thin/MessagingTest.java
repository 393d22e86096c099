package org.katzenpost.thin;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.internal.Futures;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.testkit.RecordedRequest;
import org.katzenpost.thin.event.MessageReplyEvent;
import org.katzenpost.thin.event.MessageSentEvent;
import org.katzenpost.thin.event.NewPkiDocumentEvent;
import org.katzenpost.thin.internal.session.SessionAccess;
import org.katzenpost.thin.pki.ServiceDescriptor;
import org.katzenpost.thin.stats.RequestKind;

/** Every method of the original messaging API against the simulator. */
class MessagingTest {
    private KpclientdSimulator sim;
    private ThinClient client;
    private final List<MessageSentEvent> sent = new CopyOnWriteArrayList<>();
    private final List<MessageReplyEvent> replies = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        sim = KpclientdSimulator.builder().tcp().start();
        client = ThinClient.connect(sim.thinClientConfigBuilder()
                .requestTimeout(Duration.ofSeconds(10))
                .onMessageSent(sent::add)
                .onMessageReply(replies::add)
                .build());
    }

    @AfterEach
    void stop() {
        client.close();
        sim.close();
    }

    private Destination echo() {
        return client.getService("echo").toDestination();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void idsAreSixteenRandomBytes() {
        assertThat(client.newMessageId().toBytes()).hasSize(16);
        assertThat(client.newSurbId().toBytes()).hasSize(16);
        assertThat(client.newQueryId().toBytes()).hasSize(16);
        assertThat(client.newSurbId()).isNotEqualTo(client.newSurbId());
        assertThatThrownBy(() -> SurbId.of(new byte[15])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pkiDocumentServicesAndDestination() {
        assertThat(client.pkiDocument()).isNotNull();
        assertThat(client.getServices("echo")).hasSize(1);
        assertThat(client.getServices("nope")).isEmpty();
        assertThatThrownBy(() -> client.getService("nope")).isInstanceOf(ServiceNotFoundException.class);
        ServiceDescriptor s = client.getService("echo");
        assertThat(s.toDestination()).isEqualTo(sim.echoDestination());
        org.katzenpost.thin.pki.PkiDocument doc = client.pkiDocument();
        String before = org.katzenpost.thin.pki.PkiDocuments.toJson(doc);
        assertThat(client.prettyPrintPkiDoc(doc)).contains("echo");
        assertThat(org.katzenpost.thin.pki.PkiDocuments.toJson(doc)).isEqualTo(before);
    }

    @Test
    void sendMessageCompletesWithTheReplyAndPublishesBothEvents() {
        SurbId surb = client.newSurbId();
        MessageReplyEvent reply = Futures.await(client.sendMessage(surb, utf8("ping"), echo()));
        assertThat(reply.surbId()).isEqualTo(surb);
        assertThat(Arrays.copyOf(reply.payload(), 4)).isEqualTo(utf8("ping"));
        RecordedRequest req = sim.requests(RequestKind.SEND_MESSAGE).get(0);
        assertThat(req.withSurb()).isTrue();
        assertThat(req.surbId()).isEqualTo(surb);
        assertThat(req.messageId()).isNull();
        assertThat(req.destination()).isEqualTo(echo());
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 1 && replies.size() == 1);
        assertThat(sent.get(0).surbId()).isEqualTo(surb);
        assertThat(client.awaitMessageReply(surb, Duration.ofSeconds(1)).surbId()).isEqualTo(surb);
    }

    @Test
    void awaitMessageReplyReturnsTheNextReplyOfAnyKind() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Thread> waiter = new java.util.concurrent.atomic.AtomicReference<>();
        CompletableFuture<MessageReplyEvent> next = CompletableFuture.supplyAsync(() -> {
            waiter.set(Thread.currentThread());
            return client.awaitMessageReply(Duration.ofSeconds(5));
        });
        // the reply must come after the waiter is parked in awaitMessageReply, or it would not be the "next" one
        await().atMost(Duration.ofSeconds(5))
                .until(() -> waiter.get() != null && waiter.get().getState() == Thread.State.TIMED_WAITING);
        SurbId surb = client.newSurbId();
        client.sendMessage(surb, utf8("any"), echo());
        assertThat(next.get().surbId()).isEqualTo(surb);
        assertThatThrownBy(() -> client.awaitMessageReply(Duration.ofMillis(100)))
                .isInstanceOf(RequestTimeoutException.class);
    }

    @Test
    void sendMessageWithoutReplySendsNoSurb() throws Exception {
        client.sendMessageWithoutReply(utf8("quiet"), echo());
        RecordedRequest req = sim.awaitRequest(RequestKind.SEND_MESSAGE, Duration.ofSeconds(5));
        assertThat(req.withSurb()).isFalse();
        assertThat(req.surbId()).isNull();
        assertThat(req.payload()).isEqualTo(utf8("quiet"));
        assertThat(req.destination().queueId()).isEqualTo(utf8("+echo"));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
                .until(() -> sent.isEmpty() && replies.isEmpty());
    }

    @Test
    void blockingSendMessageFromThirtyTwoThreadsEachGetsItsOwnReply() throws Exception {
        sim.setEchoDelay(Duration.ofMillis(20));
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String mine = "thread-" + i;
                results.add(pool.submit(() -> {
                    byte[] r = client.sync().sendMessage(SurbId.random(), utf8(mine), echo(), Duration.ofSeconds(20));
                    return new String(r, 0, mine.length(), StandardCharsets.UTF_8);
                }));
            }
            for (int i = 0; i < 32; i++) {
                assertThat(results.get(i).get()).isEqualTo("thread-" + i);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(SessionAccess.of(client).inFlightSurbs()).isZero();
    }

    @Test
    void sendMessageTimesOutWhenTheReplyIsLost() {
        sim.dropNextEchoReplies(1);
        CompletableFuture<MessageReplyEvent> f = client.sendMessage(client.newSurbId(), utf8("lost"), echo(),
                Duration.ofMillis(300));
        assertThatThrownBy(() -> Futures.await(f)).isInstanceOf(RequestTimeoutException.class);
        assertThat(SessionAccess.of(client).inFlightSurbs()).isZero();
    }

    @Test
    void reliableSendRecoversFromADroppedFirstReply() {
        sim.setReplyEta(Duration.ofMillis(50));
        sim.dropNextEchoReplies(1);
        client.close();
        client = ThinClient.connect(sim.thinClientConfigBuilder()
                .reliableSendPolicy(new ReliableSendPolicy(3, Duration.ofMillis(100), Duration.ofMillis(500)))
                .build());
        MessageId id = client.newMessageId();
        MessageReplyEvent reply = Futures.await(client.sendReliableMessage(id, utf8("again"), echo(),
                Duration.ofSeconds(10)));
        assertThat(Arrays.copyOf(reply.payload(), 5)).isEqualTo(utf8("again"));
        List<RecordedRequest> sends = sim.requests(RequestKind.SEND_MESSAGE);
        assertThat(sends).hasSizeGreaterThanOrEqualTo(2);
        Set<SurbId> surbs = new HashSet<>();
        for (RecordedRequest s : sends) {
            assertThat(s.messageId()).isEqualTo(id);
            surbs.add(s.surbId());
        }
        assertThat(surbs).as("a fresh SURB per transmission").hasSize(sends.size());
    }

    @Test
    void reliableSendGivesUpAfterMaxRetransmissions() {
        sim.setReplyEta(Duration.ofMillis(20));
        sim.setEchoDropProbability(1.0);
        client.close();
        client = ThinClient.connect(sim.thinClientConfigBuilder()
                .reliableSendPolicy(new ReliableSendPolicy(2, Duration.ofMillis(50), Duration.ofMillis(200)))
                .build());
        CompletableFuture<MessageReplyEvent> f = client.sendReliableMessage(client.newMessageId(), utf8("x"), echo(),
                Duration.ofSeconds(10));
        assertThatThrownBy(() -> Futures.await(f)).isInstanceOf(RetriesExhaustedException.class);
        // the last transmission left before the give-up; the simulator may record it a little later
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.requests(RequestKind.SEND_MESSAGE).size() >= 3);
        assertThat(sim.requests(RequestKind.SEND_MESSAGE)).hasSize(3);
    }

    @Test
    void reliableSendSuppressesDuplicateReplies() {
        // Replies slower than the retransmission timer: both transmissions are answered, one completes.
        sim.setReplyEta(Duration.ofMillis(10));
        sim.setEchoDelay(Duration.ofMillis(400));
        client.close();
        client = ThinClient.connect(sim.thinClientConfigBuilder()
                // retransmits every ~110 ms, long before the first echo, and gives up only after ~1.1 s: a margin
                // of 0.7 s for that echo on a loaded machine
                .reliableSendPolicy(new ReliableSendPolicy(10, Duration.ofMillis(100), Duration.ofMillis(150)))
                .onMessageReply(replies::add)
                .build());
        CompletableFuture<MessageReplyEvent> f = client.sendReliableMessage(client.newMessageId(), utf8("dup"), echo(),
                Duration.ofSeconds(10));
        MessageReplyEvent first = Futures.await(f);
        // both transmissions were answered (the handler sees each reply); the call completed with the echo
        assertThat(first.payload()).startsWith(utf8("dup")); // the echo service pads to the payload size
        await().atMost(Duration.ofSeconds(5)).until(() -> replies.size() >= 2);
    }

    @Test
    void payloadLargerThanTheGeometryIsRefusedBeforeSending() {
        byte[] big = new byte[client.maxMessagePayloadLength() + 1];
        assertThatThrownBy(() -> client.sendMessage(client.newSurbId(), big, echo()))
                .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining(String.valueOf(big.length));
        assertThatThrownBy(() -> client.sendMessageWithoutReply(big, echo())).isInstanceOf(PayloadTooLargeException.class);
        assertThat(sim.requests(RequestKind.SEND_MESSAGE)).isEmpty();
    }

    @Test
    void offlineModeIsVisibleAndRefusesMixnetSends() throws Exception {
        sim.setMixnetConnected(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> !client.isMixnetConnected());
        assertThat(client.isDaemonConnected()).isTrue();
        assertThatThrownBy(() -> Futures.await(client.sendMessage(client.newSurbId(), utf8("x"), echo())))
                .isInstanceOf(OfflineException.class);
        // Local requests still work offline.
        assertThat(client.sync().fetchDirectoryAuthorities()).isNotNull();
    }

    @Test
    void newPkiDocumentIsPublishedAndCached() throws Exception {
        List<NewPkiDocumentEvent> docs = new CopyOnWriteArrayList<>();
        client.addListener(NewPkiDocumentEvent.class, docs::add);
        long epoch = client.pkiDocument().epoch() + 1;
        sim.publishPkiDocument(org.katzenpost.testkit.pki.SyntheticPki.builder().epoch(epoch).build());
        await().atMost(Duration.ofSeconds(5)).until(() -> docs.size() == 1);
        assertThat(client.pkiDocument().epoch()).isEqualTo(epoch);
        assertThat(client.sync().fetchPkiDocument(epoch).epoch()).isEqualTo(epoch);
        // kpclientd re-broadcasts documents it already sent; each epoch is reported once.
        sim.publishPkiDocument(org.katzenpost.testkit.pki.SyntheticPki.builder().epoch(epoch).build());
        sim.publishPkiDocument(org.katzenpost.testkit.pki.SyntheticPki.builder().epoch(epoch + 1).build());
        await().atMost(Duration.ofSeconds(5)).until(() -> docs.size() == 2);
        assertThat(docs.get(1).document().epoch()).isEqualTo(epoch + 1);
    }

    @Test
    void rawDocumentAndAuthorities() {
        assertThat(client.sync().fetchSignedPkiDocument(0).document().epoch())
                .isEqualTo(client.pkiDocument().epoch());
        assertThatThrownBy(() -> client.sync().fetchSignedPkiDocument(1))
                .isInstanceOf(DaemonErrorException.class)
                .satisfies(e -> assertThat(((DaemonErrorException) e).code()).isEqualTo(ThinErrorCode.SERVICE_UNAVAILABLE));
        assertThat(client.sync().fetchDirectoryAuthorities()).isNotEmpty();
    }

}
