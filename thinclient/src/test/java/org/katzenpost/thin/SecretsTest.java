package org.katzenpost.thin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.thin.event.MessageReplyEvent;
import org.katzenpost.thin.internal.Futures;
import org.katzenpost.thin.pigeonhole.EncryptedMessage;
import org.katzenpost.thin.pigeonhole.Keypair;
import org.katzenpost.thin.pigeonhole.MintedVoucher;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.pigeonhole.ResendResult;
import org.katzenpost.thin.stats.RequestKind;
import org.slf4j.LoggerFactory;

/**
 * Capabilities, seeds, keys and payloads appear in no toString(), exception message or log line above DEBUG,
 * across a whole session with the simulator (logging at TRACE to catch everything that is emitted).
 */
class SecretsTest {
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Logger root;
    private Level previous;

    @BeforeEach
    void captureLogs() {
        root = (Logger) LoggerFactory.getLogger("org.katzenpost");
        previous = root.getLevel();
        root.setLevel(Level.TRACE); // a test may set levels; the library never does
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void restore() {
        root.detachAppender(logs);
        root.setLevel(previous);
    }

    @Test
    void secretsNeverReachStringsOrLogsAboveDebug() throws Exception {
        byte[] seed = new byte[32];
        for (int i = 0; i < 32; i++) {
            seed[i] = (byte) (0xA0 + i);
        }
        byte[] plaintext = "top secret plaintext 0123456789".getBytes(StandardCharsets.UTF_8);
        byte[] payload = "private echo payload 9876543210".getBytes(StandardCharsets.UTF_8);
        List<byte[]> secrets = new ArrayList<>(List.of(seed, plaintext, payload));
        List<String> texts = new ArrayList<>();

        try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp().start();
                ThinClient client = ThinClient.connect(sim.thinClientConfigBuilder().build())) {
            PigeonholeClient ph = client.pigeonhole();
            Keypair kp = ph.sync().newKeypair(seed);
            secrets.add(kp.writeCap().toBytes());
            secrets.add(kp.readCap().toBytes());
            secrets.add(kp.firstIndex().toBytes());
            texts.add(kp.toString());
            texts.add(kp.writeCap().toString());
            texts.add(kp.readCap().toString());
            texts.add(kp.firstIndex().toString());

            EncryptedMessage write = ph.sync().encryptWrite(plaintext, kp.writeCap(), kp.firstIndex());
            secrets.add(write.envelopeDescriptor().toBytes());
            texts.add(write.toString());
            texts.add(write.envelopeDescriptor().toString());
            ph.sync().startResendingEncryptedMessage(write);
            EncryptedMessage read = ph.sync().encryptRead(kp.readCap(), kp.firstIndex());
            ResendResult got = ph.sync().startResendingEncryptedMessage(read);
            assertThat(got.requirePlaintext()).isEqualTo(plaintext);
            texts.add(got.toString());

            MintedVoucher v = ph.sync().voucherMint(kp.writeCap(), "alice");
            secrets.add(v.voucherSecretKey().toBytes());
            texts.add(v.toString());

            MessageReplyEvent reply = Futures.await(client.sendMessage(client.newSurbId(), payload,
                    client.getService("echo").toDestination()));
            texts.add(reply.toString());

            // Failures carry messages too: a wrong-size seed, a box that does not exist, a timeout.
            texts.add(messageOf(() -> ph.sync().newKeypair(new byte[31])));
            sim.failNext(RequestKind.ENCRYPT_WRITE, ThinErrorCode.INVALID_REQUEST);
            texts.add(messageOf(() -> ph.sync().encryptWrite(plaintext, kp.writeCap(), kp.firstIndex())));
            sim.delay(RequestKind.NEW_KEYPAIR, Duration.ofSeconds(5));
            texts.add(messageOf(() -> ph.sync().withTimeout(Duration.ofMillis(50)).newKeypair(seed)));
        }

        for (ILoggingEvent e : logs.list) {
            if (e.getLevel().isGreaterOrEqual(Level.INFO)) {
                texts.add(e.getFormattedMessage());
                if (e.getThrowableProxy() != null) {
                    texts.add(e.getThrowableProxy().getMessage());
                }
            }
        }
        assertThat(texts).isNotEmpty();
        for (byte[] secret : secrets) {
            for (String form : forms(secret)) {
                assertThat(texts).noneMatch(t -> t != null && t.contains(form));
            }
        }
    }

    /** The ways a byte string could leak into text: hex (both cases), Base64, and as characters. */
    private static List<String> forms(byte[] secret) {
        byte[] head = java.util.Arrays.copyOf(secret, Math.min(secret.length, 12));
        return List.of(HexFormat.of().formatHex(head), HexFormat.of().withUpperCase().formatHex(head),
                Base64.getEncoder().encodeToString(head).substring(0, 12),
                new String(head, StandardCharsets.ISO_8859_1), java.util.Arrays.toString(head).substring(1, 20));
    }

    private static String messageOf(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e.toString();
        }
        throw new AssertionError("expected a failure");
    }
}
