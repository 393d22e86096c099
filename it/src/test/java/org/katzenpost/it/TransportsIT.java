package org.katzenpost.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.katzenpost.thin.Dial;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.event.MessageReplyEvent;
import org.katzenpost.thin.internal.Futures;
import org.katzenpost.thin.pigeonhole.EncryptedMessage;
import org.katzenpost.thin.pigeonhole.Keypair;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.pigeonhole.ResendResult;
import org.katzenpost.thin.pki.PkiDocument;
import org.katzenpost.thin.pki.SignedPkiDocument;

/**
 * The core checks and one Pigeonhole write+read over every thin-client transport of kpclientd v0.0.99: TCP (the
 * main kpclientd), a unix socket path, a Linux abstract socket and WebSocket (one kpclientd each, started by
 * {@code scripts/testnet}: kpclientd listens on exactly one endpoint; docs/testnet.md, docs/integration.md).
 *
 * <p>Deadlines: each transport's echo round trip is measured first; the Pigeonhole deadline is 100 times that, and
 * never less than {@link #PIGEONHOLE_FLOOR} (the slowest read ARQ measured on this 2-core testnet took 8 s; a
 * loaded CI machine has been seen to take several times longer). The only retries are the protocol's own: the
 * client's reliable-send ARQ for the echo, and kpclientd's ARQ for the Pigeonhole operations.
 */
@RequiresTestnet
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TransportsIT {
    private static final Duration PIGEONHOLE_FLOOR = Duration.ofMinutes(4);
    private static final Duration PIGEONHOLE_CEILING = Duration.ofMinutes(8);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, ThinClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Duration> echoRoundTrip = new ConcurrentHashMap<>();

    @AfterAll
    void closeAll() {
        clients.values().forEach(ThinClient::close);
    }

    /** The connected client for {@code transport}; skipped (failed in CI) when the network has no such kpclientd. */
    private ThinClient client(String transport) {
        return clients.computeIfAbsent(transport, t -> {
            Path cfg = Testnet.transportConfigPath(t);
            if (!Files.isRegularFile(cfg)) {
                String why = cfg + " does not exist: this network runs no kpclientd for " + t
                        + " (scripts/testnet transports-up)";
                TestnetCondition.cannotRun(why);
            }
            long t0 = System.nanoTime();
            ThinClient c = ThinClient.connect(Testnet.config(cfg).build());
            c.sync().awaitPkiDocument(Duration.ofMinutes(3));
            Figures.printMs("transport." + t + ".connect_and_pki", t0, System.nanoTime());
            return c;
        });
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp", "unix", "abstract", "ws"})
    void handshakeOverTheTransport(String transport) {
        ThinClient c = client(transport);
        Dial dial = c.config().dial();
        switch (transport) {
            case "tcp" -> assertThat(dial).isInstanceOf(Dial.Tcp.class);
            case "unix" -> assertThat(dial).isInstanceOfSatisfying(Dial.Unix.class,
                    u -> assertThat(u.isAbstract()).as("a socket path").isFalse());
            case "abstract" -> assertThat(dial).isInstanceOfSatisfying(Dial.Unix.class,
                    u -> assertThat(u.isAbstract()).as("an abstract name").isTrue());
            case "ws" -> assertThat(dial).isInstanceOf(Dial.Ws.class);
            default -> throw new IllegalArgumentException(transport);
        }
        assertThat(c.isDaemonConnected()).isTrue();
        // kpclientd reports its gateway link as it changes; right after a connect it can be between two links
        Awaitility.await("kpclientd's mixnet link").atMost(Duration.ofMinutes(2)).until(c::isMixnetConnected);
        assertThat(c.sphinxGeometry().userForwardPayloadLength()).isPositive();
        assertThat(c.pigeonholeGeometry().maxPlaintextPayloadLength()).isPositive();
    }

    @Order(2)
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp", "unix", "abstract", "ws"})
    void pkiDocumentOverTheTransport(String transport) {
        ThinClient c = client(transport);
        PkiDocument doc = java.util.Objects.requireNonNull(c.pkiDocument(), "PKI document");
        assertThat(doc.topology()).hasSize(3);
        assertThat(doc.storageReplicas()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(c.getService("echo").endpoint()).isEqualTo("+echo");
        // The full signed document (tens of kB in one frame) crosses the transport too.
        SignedPkiDocument raw = c.sync().fetchSignedPkiDocument(0);
        assertThat(raw.document().epoch()).isGreaterThanOrEqualTo(doc.epoch());
        assertThat(raw.signerKeyHashes()).isNotEmpty();
    }

    @Order(3)
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp", "unix", "abstract", "ws"})
    void daemonLocalCallsOverTheTransport(String transport) {
        ThinClient c = client(transport);
        PigeonholeClient p = c.pigeonhole().withTimeout(Duration.ofMinutes(2));
        byte[] seed = PigeonholeClient.randomSeed();
        Keypair k = p.sync().newKeypair(seed);
        assertThat(p.sync().newKeypair(seed)).as("same seed, same stream").isEqualTo(k);
        assertThat(p.sync().getMessageBoxIndexCounter(k.firstIndex())).isEqualTo(k.firstIndex().counter());
        assertThat(c.sync().fetchDirectoryAuthorities()).hasSize(3);
    }

    @Order(4)
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp", "unix", "abstract", "ws"})
    void echoRoundTripOverTheTransport(String transport) {
        ThinClient c = client(transport);
        byte[] payload = ("echo over " + transport).getBytes(StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        MessageReplyEvent reply = Futures.await(c.sendReliableMessage(c.newMessageId(), payload,
                c.getService("echo").toDestination(), Duration.ofMinutes(3)));
        long ms = Figures.printMs("transport." + transport + ".echo", t0, System.nanoTime());
        echoRoundTrip.put(transport, Duration.ofMillis(ms));
        assertThat(Arrays.copyOf(reply.payload(), payload.length)).isEqualTo(payload);
    }

    @Order(5)
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp", "unix", "abstract", "ws"})
    void pigeonholeWriteThenReadOverTheTransport(String transport) {
        ThinClient c = client(transport);
        Duration deadline = pigeonholeDeadline(transport);
        Figures.print("transport." + transport + ".pigeonhole_deadline_s", deadline.toSeconds());
        PigeonholeClient p = c.pigeonhole().withTimeout(deadline);
        byte[] data = new byte[p.maxPlaintextPayloadLength()];
        RANDOM.nextBytes(data);
        Keypair stream = p.sync().newKeypair(PigeonholeClient.randomSeed());

        long t0 = System.nanoTime();
        EncryptedMessage w = p.sync().encryptWrite(data, stream.writeCap(), stream.firstIndex());
        ResendResult written = p.sync().withTimeout(deadline).startResendingEncryptedMessage(w);
        Figures.printMs("transport." + transport + ".pigeonhole_write", t0, System.nanoTime());
        assertThat(written.plaintext()).isEmpty();
        assertThat(written.courier()).isPresent();

        long r0 = System.nanoTime();
        EncryptedMessage r = p.sync().encryptRead(stream.readCap(), stream.firstIndex());
        ResendResult read = p.sync().withTimeout(deadline).startResendingEncryptedMessage(r);
        Figures.printMs("transport." + transport + ".pigeonhole_read", r0, System.nanoTime());
        assertThat(read.requirePlaintext()).isEqualTo(data);
    }

    /** 100 times the transport's measured echo round trip, within [{@link #PIGEONHOLE_FLOOR}, ceiling]. */
    private Duration pigeonholeDeadline(String transport) {
        Duration rtt = echoRoundTrip.getOrDefault(transport, Duration.ZERO);
        Duration d = rtt.multipliedBy(100);
        if (d.compareTo(PIGEONHOLE_FLOOR) < 0) {
            return PIGEONHOLE_FLOOR;
        }
        return d.compareTo(PIGEONHOLE_CEILING) > 0 ? PIGEONHOLE_CEILING : d;
    }
}
