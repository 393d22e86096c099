package org.katzenpost.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.Dial;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.pigeonhole.EncryptedMessage;
import org.katzenpost.thin.pigeonhole.Keypair;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.pigeonhole.ReplicaErrorCode;
import org.katzenpost.thin.pigeonhole.ReplicaErrorException;
import org.katzenpost.thin.pigeonhole.ResendResult;
import org.katzenpost.thin.pigeonhole.TombstoneRangeResult;

/**
 * A box written, then tombstoned with the Pigeonhole API, then read back, against the real kpclientd v0.0.99 and
 * replicas; a {@link FrameTapProxy} keeps the daemon's raw reply frames. The daemon reports a tombstoned box as
 * {@code start_resending_encrypted_message_reply} with {@code error_code: 11} (replica code "tombstone") and
 * {@code plaintext: null}; the client must report exactly that (docs/integration.md, "Tombstones on the wire").
 * The frames are written to {@code it/target/captures/} (the fixture
 * {@code fixtures/daemon-v0.0.99-tombstone/} was taken from there).
 */
@RequiresTestnet
class TombstoneIT {
    private static final Duration DEADLINE = Duration.ofMinutes(4);
    private static final String REPLY = "start_resending_encrypted_message_reply";

    private static FrameTapProxy proxy;
    private static ThinClient client;
    private static PigeonholeClient pigeonhole;

    @BeforeAll
    static void connect() throws IOException {
        Path cfg = Testnet.proxiedConfigPath();
        proxy = new FrameTapProxy(Testnet.socketAddress(Testnet.config(cfg).build().dial()));
        client = ThinClient.connect(Testnet.config(cfg).dial(Dial.tcp(proxy.address())).build());
        client.sync().awaitPkiDocument(Duration.ofMinutes(3));
        pigeonhole = client.pigeonhole().withTimeout(DEADLINE);
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void writtenThenTombstonedBoxReadsAsTheTombstoneTheDaemonReports() throws IOException {
        byte[] data = new byte[100];
        new SecureRandom().nextBytes(data);
        Keypair stream = pigeonhole.sync().newKeypair(PigeonholeClient.randomSeed());

        EncryptedMessage w = pigeonhole.sync().encryptWrite(data, stream.writeCap(), stream.firstIndex());
        Figures.time("tombstone.write", () -> pigeonhole.sync().startResendingEncryptedMessage(w));

        TombstoneRangeResult tombstoned = Figures.time("tombstone.tombstone_range_1",
                () -> pigeonhole.sync().withTimeout(DEADLINE).tombstoneRange(stream.writeCap(), stream.firstIndex(), 1));
        assertThat(tombstoned.tombstoned()).isEqualTo(1);
        byte[] tombstoneWriteReply = lastReply();
        Map<?, ?> writeReply = inner(tombstoneWriteReply);
        assertThat(writeReply.get("error_code")).as("the tombstone write succeeded").isEqualTo(0L);

        // Read it back. Reads are idempotent, so a read that reached a replica the tombstone had not reached yet
        // (it still returns the data) may be repeated; anything else is a failure.
        long t0 = System.nanoTime();
        long deadline = t0 + DEADLINE.toNanos();
        ReplicaErrorException tombstone = null;
        int reads = 0;
        while (tombstone == null) {
            if (System.nanoTime() > deadline) {
                fail("the tombstoned box still read as its old data after " + DEADLINE);
            }
            reads++;
            EncryptedMessage q = pigeonhole.sync().encryptRead(stream.readCap(), stream.firstIndex());
            try {
                ResendResult r = pigeonhole.sync().withTimeout(DEADLINE).startResendingEncryptedMessage(q);
                assertThat(r.requirePlaintext()).as("a read before the tombstone arrived returns the old data")
                        .isEqualTo(data);
            } catch (ReplicaErrorException e) {
                tombstone = e;
            }
        }
        Figures.printMs("tombstone.read", t0, System.nanoTime());
        Figures.print("tombstone.reads", reads);

        // What the client reports ...
        assertThat(tombstone.code()).isEqualTo(ReplicaErrorCode.TOMBSTONE);
        assertThat(tombstone.rawCode()).isEqualTo(11);
        assertThat(tombstone.courier()).isPresent();
        assertThat(PigeonholeClient.isExpectedOutcome(tombstone)).isTrue();
        // ... is exactly what the daemon said: replica code 11, no plaintext at all (not an empty one).
        byte[] readReply = lastReply();
        Map<?, ?> reply = inner(readReply);
        assertThat(reply.get("error_code")).isEqualTo(11L);
        assertThat(reply.containsKey("plaintext")).isTrue();
        assertThat(reply.get("plaintext")).as("plaintext of a tombstone read").isNull();
        assertThat(reply.get("courier_identity_hash")).isInstanceOf(byte[].class);

        Path dir = Path.of("target", "captures");
        Files.createDirectories(dir);
        Files.write(dir.resolve("01-start_resending_encrypted_message_reply-tombstone-write.cbor"), tombstoneWriteReply);
        Files.write(dir.resolve("02-start_resending_encrypted_message_reply-tombstone-read.cbor"), readReply);
    }

    /** The body of the newest {@value #REPLY} frame the daemon sent. */
    private static byte[] lastReply() {
        List<FrameTapProxy.Frame> frames = proxy.frames();
        for (int i = frames.size() - 1; i >= 0; i--) {
            FrameTapProxy.Frame f = frames.get(i);
            if (f.fromDaemon() && REPLY.equals(f.variant())) {
                return f.body();
            }
        }
        throw new AssertionError("no " + REPLY + " frame crossed the proxy");
    }

    private static Map<?, ?> inner(byte[] body) {
        Map<?, ?> top = (Map<?, ?>) CborReader.decode(body);
        return (Map<?, ?>) top.get(REPLY);
    }
}
