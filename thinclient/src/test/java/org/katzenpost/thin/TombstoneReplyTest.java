package org.katzenpost.thin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.testkit.Misbehaviour;
import org.katzenpost.testkit.SocketPolicy;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.thin.internal.Futures;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.wire.ResendMessages;
import org.katzenpost.thin.internal.wire.WireCodec;
import org.katzenpost.thin.pigeonhole.EncryptedMessage;
import org.katzenpost.thin.pigeonhole.EnvelopeDescriptor;
import org.katzenpost.thin.pigeonhole.EnvelopeHash;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.pigeonhole.ReadCap;
import org.katzenpost.thin.pigeonhole.ReplicaErrorCode;
import org.katzenpost.thin.pigeonhole.ReplicaErrorException;
import org.katzenpost.thin.pigeonhole.ResendResult;
import org.katzenpost.thin.stats.RequestKind;

/**
 * A tombstone read as the real kpclientd v0.0.99 reports it (the frame captured by TombstoneIT,
 * {@code fixtures/daemon-v0.0.99-tombstone/}): {@code error_code: 11}, {@code plaintext: null}. The client reports
 * exactly what the daemon said: code 11 is a tombstone, and a success is a success even with an empty plaintext
 * (docs/integration.md, "Tombstones on the wire").
 */
class TombstoneReplyTest {
    private static final String READ_REPLY = "02-start_resending_encrypted_message_reply-tombstone-read.cbor";
    private static final String WRITE_REPLY = "01-start_resending_encrypted_message_reply-tombstone-write.cbor";
    private static final byte[] COURIER = new byte[32];
    private static final byte[] QUEUE = "courier".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static byte[] fixture(String name) {
        for (Path dir : List.of(Path.of("..", "fixtures", "daemon-v0.0.99-tombstone"),
                Path.of("fixtures", "daemon-v0.0.99-tombstone"))) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                try {
                    return Files.readAllBytes(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        Assumptions.abort("fixture " + name + " not present");
        return null;
    }

    private static ResendMessages.StartResendingEncryptedMessageReply decode(String name) {
        return (ResendMessages.StartResendingEncryptedMessageReply) WireCodec.INSTANCE.decodeResponse(
                fixture(name));
    }

    @Test
    void theCapturedFramesSayWhatTheDaemonSaid() {
        ResendMessages.StartResendingEncryptedMessageReply read = decode(READ_REPLY);
        assertThat(read.errorCode()).isEqualTo(11);
        assertThat(read.plaintext()).isNull();
        assertThat(read.courierIdentityHash()).hasSize(32);
        assertThat(read.courierQueueId()).isEqualTo("courier".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        // the raw map: the key is there, its value is CBOR null (not an empty byte string)
        java.util.Map<?, ?> inner = (java.util.Map<?, ?>) ((java.util.Map<?, ?>) CborReader.decode(
                fixture(READ_REPLY))).get(ResendMessages.StartResendingEncryptedMessageReply.KEY);
        assertThat(inner.containsKey("plaintext")).isTrue();
        assertThat(inner.get("plaintext")).isNull();
        // and we re-encode it byte for byte
        assertThat(ResponseEncoder.encode(read)).isEqualTo(fixture(READ_REPLY));

        ResendMessages.StartResendingEncryptedMessageReply write = decode(WRITE_REPLY);
        assertThat(write.errorCode()).isZero();
        assertThat(write.plaintext()).isNull();
    }

    @Test
    void theCapturedTombstoneReplyIsReportedAsATombstone() throws Exception {
        ResendMessages.StartResendingEncryptedMessageReply fx = decode(READ_REPLY);
        assertTombstone(readAnswered(q -> new ResendMessages.StartResendingEncryptedMessageReply(q, fx.plaintext(),
                fx.errorCode(), fx.courierIdentityHash(), fx.courierQueueId())));
    }

    /** The same reply built as kpclientd v0.0.99's source writes it (finishARQMessage), without the fixture. */
    @Test
    void codeElevenWithoutPlaintextIsATombstone() throws Exception {
        assertTombstone(readAnswered(q -> new ResendMessages.StartResendingEncryptedMessageReply(q, null, 11,
                COURIER,
                QUEUE)));
    }

    /** kpclientd's fallback path (an empty BACAP plaintext) sends code 11 with an empty, non-null plaintext. */
    @Test
    void codeElevenWithAnEmptyPlaintextIsATombstoneToo() throws Exception {
        assertTombstone(readAnswered(q -> new ResendMessages.StartResendingEncryptedMessageReply(q, new byte[0],
                11,
                COURIER, QUEUE)));
    }

    /** A success is reported as a success: the client no longer turns an empty plaintext into a tombstone. */
    @Test
    void successWithAnEmptyPlaintextIsAnEmptyBoxNotATombstone() throws Exception {
        Object result = readAnswered(q -> new ResendMessages.StartResendingEncryptedMessageReply(q, new byte[0], 0,
                COURIER, QUEUE));
        assertThat(result).isInstanceOf(ResendResult.class);
        assertThat(((ResendResult) result).requirePlaintext()).isEmpty();
    }

    private static void assertTombstone(Object t) {
        assertThat(t).isInstanceOf(ReplicaErrorException.class);
        ReplicaErrorException e = (ReplicaErrorException) t;
        assertThat(e.code()).isEqualTo(ReplicaErrorCode.TOMBSTONE);
        assertThat(e.rawCode()).isEqualTo(11);
        assertThat(e.courier()).isPresent();
        assertThat(PigeonholeClient.isExpectedOutcome(e)).isTrue();
    }

    /** A read sent to the simulator, answered instead with {@code reply(queryId)}: the result or the failure. */
    private static Object readAnswered(java.util.function.Function<byte[],
            ResendMessages.StartResendingEncryptedMessageReply> reply)
            throws Exception {
        try (KpclientdSimulator d = KpclientdSimulator.builder().tcp().noPkiDocument().start();
                ThinClient c = ThinClient.connect(d.thinClientConfigBuilder().reconnect(false).build())) {
            d.whenNext(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, SocketPolicy.NO_RESPONSE);
            PigeonholeClient ph = c.pigeonhole().withTimeout(Duration.ofSeconds(10));
            EncryptedMessage m = EncryptedMessage.forRead(ReadCap.of(new byte[136]), MessageBoxIndex.of(new byte[104]),
                    new byte[2000], EnvelopeDescriptor.of(new byte[201]), EnvelopeHash.of(new byte[32]),
                    MessageBoxIndex.of(new byte[104]));
            var result = ph.startResendingEncryptedMessage(m);
            byte[] q = d.awaitRequest(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, Duration.ofSeconds(10))
                    .queryId().toBytes();
            d.connections().get(0).perform(Misbehaviour.frame(ResponseEncoder.encode(reply.apply(q))));
            try {
                return Futures.await(result);
            } catch (RuntimeException e) {
                return e;
            }
        }
    }
}
