package org.katzenpost.thin.pigeonhole;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.thin.ReconnectDelay;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.internal.Futures;
import org.katzenpost.thin.stats.RequestKind;

/** A resend whose result the daemon drops during a disconnect completes after the session resumes. */
class ResendAcrossReconnectTest {

    @Test
    void idempotentWriteInFlightAcrossAResumeCompletes() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp().start();
                ThinClient client = ThinClient.connect(sim.thinClientConfigBuilder()
                        .reconnectDelay(ReconnectDelay.constant(Duration.ofMillis(100))).build())) {
            PigeonholeClient ph = client.pigeonhole();
            Keypair k = ph.sync().newKeypair(PigeonholeClient.randomSeed());
            byte[] text = "written across a reconnect".getBytes(StandardCharsets.UTF_8);
            EncryptedMessage w = ph.sync().encryptWrite(text, k.writeCap(), k.firstIndex());
            sim.delay(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, Duration.ofMillis(300));
            CompletableFuture<ResendResult> f = ph.withTimeout(Duration.ofSeconds(10)).startResendingEncryptedMessage(w);
            sim.awaitRequest(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, Duration.ofSeconds(5));
            sim.dropAllConnections(); // the result is produced while we are away and dropped, as kpclientd does
            sim.delay(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, Duration.ZERO);
            Futures.await(f);
            assertThat(client.isSessionResumed()).isTrue();
            assertThat(sim.requests(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE)).hasSize(2);
            EncryptedMessage r = ph.sync().encryptRead(k.readCap(), k.firstIndex());
            assertThat(ph.sync().startResendingEncryptedMessage(r).requirePlaintext()).isEqualTo(text);
        }
    }
}
