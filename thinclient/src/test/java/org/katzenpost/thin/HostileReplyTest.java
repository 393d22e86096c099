package org.katzenpost.thin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.testkit.Misbehaviour;
import org.katzenpost.testkit.SimulatedConnection;
import org.katzenpost.testkit.SocketPolicy;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.thin.internal.cbor.CborWriter;
import org.katzenpost.thin.internal.wire.Responses;
import org.katzenpost.thin.stats.RequestKind;

/**
 * Replies kpclientd gets wrong: the call they answer fails at once with a {@link ProtocolViolationException},
 * rather than waiting out its deadline, and the connection stays up.
 */
class HostileReplyTest {
    private static final Duration T = Duration.ofSeconds(5);
    /** Far beyond {@link #T}: a call that waits for its deadline fails the test. */
    private static final Duration LONG = Duration.ofMinutes(10);

    private static KpclientdSimulator daemon() {
        return KpclientdSimulator.builder().tcp().start();
    }

    private static SimulatedConnection connectionOf(KpclientdSimulator d) {
        return d.connections().get(0);
    }

    private static Throwable failureOf(CompletableFuture<?> f) throws Exception {
        try {
            f.get(T.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void aReplyThatDoesNotDecodeFailsItsCallAtOnce() throws Exception {
        try (KpclientdSimulator d = daemon(); ThinClient c = ThinClient.connect(d.thinClientConfigBuilder().build())) {
            d.whenNext(RequestKind.GET_PKI_DOCUMENT, SocketPolicy.NO_RESPONSE);
            CompletableFuture<?> f = c.fetchSignedPkiDocument(3, LONG);
            byte[] q = d.awaitRequest(RequestKind.GET_PKI_DOCUMENT, T).queryId().toBytes();
            byte[] bad = new CborWriter().mapHeader(2).text("shutdown_event").nul()
                    .text("get_pki_document_reply").mapHeader(3)
                    .text("query_id").bytes(q)
                    .text("epoch").text("three") // not a uint
                    .text("error_code").uint(0).toByteArray();
            connectionOf(d).perform(Misbehaviour.frame(bad));

            Throwable t = failureOf(f);
            assertThat(t).isInstanceOf(ProtocolViolationException.class)
                    .hasMessageContaining("get_pki_document_reply").hasMessageContaining("unsigned integer")
                    .hasMessageNotContaining("three");
            assertThat(c.statistics().malformedFrames()).isEqualTo(1);
            assertThat(c.isDaemonConnected()).isTrue();
            assertThat(c.sync().fetchDirectoryAuthorities()).isNotNull(); // the stream is still in step
        }
    }

    @Test
    void aReplyOfAnotherKindFailsItsCallAtOnce() throws Exception {
        try (KpclientdSimulator d = daemon(); ThinClient c = ThinClient.connect(d.thinClientConfigBuilder().build())) {
            d.whenNext(RequestKind.GET_PKI_DOCUMENT, SocketPolicy.NO_RESPONSE);
            CompletableFuture<?> f = c.fetchSignedPkiDocument(3, LONG);
            byte[] q = d.awaitRequest(RequestKind.GET_PKI_DOCUMENT, T).queryId().toBytes();
            connectionOf(d).perform(Misbehaviour.frame(ResponseEncoder.encode(
                    new Responses.GetDirectoryAuthoritiesReply(q, java.util.List.of(), 0))));

            Throwable t = failureOf(f);
            assertThat(t).isInstanceOf(ProtocolViolationException.class)
                    .hasMessageContaining("get_pki_document").hasMessageContaining("get_directory_authorities_reply");
            assertThat(c.isDaemonConnected()).isTrue();
        }
    }
}
