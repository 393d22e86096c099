package org.katzenpost.testkit.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.katzenpost.testkit.sim.SimTestSupport.random;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.testkit.SimulatedConnection;
import org.katzenpost.thin.internal.wire.BoxMessages;
import org.katzenpost.thin.internal.wire.ResendMessages;

/** How in-flight Pigeonhole operations meet disconnects, resumes and restarts. */
class PigeonholeSessionTest {

    @Test
    void aResultCompletingWhileDetachedIsDroppedLikeKpclientdDoes() throws Exception {
        byte[] token = random(16);
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start();
                RawClient writer = RawClient.connect(sim.dial())) {
            writer.handshake(random(16));
            Ph w = new Ph(writer);
            var k = w.keypair(random(32));
            try (RawClient reader = RawClient.connect(sim.dial())) {
                reader.handshake(token);
                Ph r = new Ph(reader);
                r.startRead(k.readCap(), k.firstMessageIndex(), r.encryptRead(k.readCap(), k.firstMessageIndex()), false);
            }
            awaitReaderDetached(sim);
            int dropped = sim.droppedReplyCount();
            w.write("while away".getBytes(), k.writeCap(), k.firstMessageIndex(), false);
            // the read completes with the write, and its result is dropped: the session has no connection
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.droppedReplyCount() > dropped);
            try (RawClient reader = RawClient.connect(sim.dial())) {
                var h = reader.handshake(token);
                assertThat(h.reply().resumed()).isTrue();
                assertThat(h.beforeReply()).isEmpty();
                assertThat(reader.silentFor(Duration.ofMillis(200))).isTrue();
            }
        }
    }

    @Test
    void optionallyBufferedAndFlushedBeforeTheReply() throws Exception {
        byte[] token = random(16);
        try (KpclientdSimulator sim = KpclientdSimulator.builder().bufferPigeonholeRepliesWhileDisconnected(true)
                .start(); RawClient writer = RawClient.connect(sim.dial())) {
            writer.handshake(random(16));
            Ph w = new Ph(writer);
            var k = w.keypair(random(32));
            byte[] q;
            try (RawClient reader = RawClient.connect(sim.dial())) {
                reader.handshake(token);
                Ph r = new Ph(reader);
                q = r.startRead(k.readCap(), k.firstMessageIndex(), r.encryptRead(k.readCap(), k.firstMessageIndex()), false);
            }
            awaitReaderDetached(sim);
            w.write("while away".getBytes(), k.writeCap(), k.firstMessageIndex(), false);
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.bufferedReplyCount() == 1);
            try (RawClient reader = RawClient.connect(sim.dial())) {
                var h = reader.handshake(token);
                assertThat(h.beforeReply()).hasSize(1);
                var result = (ResendMessages.StartResendingEncryptedMessageReply) h.beforeReply().get(0);
                assertThat(result.queryId()).isEqualTo(q);
                assertThat(result.plaintext()).isEqualTo("while away".getBytes());
            }
        }
    }

    @Test
    void aResumedSessionStillGetsResultsCompletingAfterTheResume() throws Exception {
        byte[] token = random(16);
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start();
                RawClient writer = RawClient.connect(sim.dial())) {
            writer.handshake(random(16));
            Ph w = new Ph(writer);
            var k = w.keypair(random(32));
            byte[] q;
            try (RawClient reader = RawClient.connect(sim.dial())) {
                reader.handshake(token);
                Ph r = new Ph(reader);
                q = r.startRead(k.readCap(), k.firstMessageIndex(), r.encryptRead(k.readCap(), k.firstMessageIndex()), false);
            }
            awaitReaderDetached(sim);
            try (RawClient reader = RawClient.connect(sim.dial())) {
                assertThat(reader.handshake(token).reply().resumed()).isTrue();
                w.write("after resume".getBytes(), k.writeCap(), k.firstMessageIndex(), false);
                ResendMessages.StartResendingEncryptedMessageReply r = new Ph(reader).reply(q);
                assertThat(r.plaintext()).isEqualTo("after resume".getBytes());
            }
        }
    }

    @Test
    void envelopesAndBoxesSurviveARestartSoAReplayWorks() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start()) {
            BoxMessages.NewKeypairReply k;
            BoxMessages.EncryptWriteReply e;
            try (RawClient c = RawClient.connect(sim.dial())) {
                c.handshake(random(16));
                Ph p = new Ph(c);
                k = p.keypair(random(32));
                assertThat(p.write("kept".getBytes(), k.writeCap(), k.firstMessageIndex(), false).errorCode()).isZero();
                e = p.encryptWrite("replayed".getBytes(), k.writeCap(), p.next(k.firstMessageIndex()));
                sim.restart();
            }
            try (RawClient c = RawClient.connect(sim.dial())) {
                assertThat(c.handshake(random(16)).reply().resumed()).isFalse();
                Ph p = new Ph(c);
                ResendMessages.StartResendingEncryptedMessageReply replay = p.reply(p.startWrite(k.writeCap(), e,
                        false));
                assertThat(replay.errorCode()).isZero();
                assertThat(p.read(k.readCap(), k.firstMessageIndex(), true).plaintext()).isEqualTo("kept".getBytes());
                assertThat(p.read(k.readCap(), p.next(k.firstMessageIndex()), true).plaintext())
                        .isEqualTo("replayed".getBytes());
            }
        }
    }

    /** The simulator has seen the reader's connection close: only the writer's is open. */
    private static void awaitReaderDetached(KpclientdSimulator sim) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> sim.connections().stream().filter(SimulatedConnection::isOpen).count() == 1);
    }
}
