package org.katzenpost.thin.pigeonhole;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.katzenpost.thin.internal.Futures;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.testkit.RecordedRequest;
import org.katzenpost.thin.DaemonErrorException;
import org.katzenpost.thin.PayloadTooLargeException;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.ThinClientException;
import org.katzenpost.thin.ThinErrorCode;
import org.katzenpost.thin.stats.RequestKind;

/**
 * Every Pigeonhole call against the simulator with injected errors, deadlines and cancellation. These need only
 * the simulator's error injection, not its box store, and use made-up (well-sized) caps and envelopes.
 */
class PigeonholeErrorPathsTest {
    private static final SecureRandom RND = new SecureRandom();
    static final WriteCap WRITE_CAP = WriteCap.of(bytes(168));
    static final ReadCap READ_CAP = ReadCap.of(bytes(136));
    static final MessageBoxIndex INDEX = MessageBoxIndex.of(bytes(104));
    static final Voucher VOUCHER = Voucher.of(bytes(32));
    static final EnvelopeHash HASH = EnvelopeHash.of(bytes(32));
    static final EncryptedMessage WRITE = EncryptedMessage.forWrite(WRITE_CAP, INDEX, bytes(2000),
            EnvelopeDescriptor.of(bytes(201)), HASH, MessageBoxIndex.of(bytes(104)));
    static final EncryptedMessage READ = EncryptedMessage.forRead(READ_CAP, INDEX, bytes(2000),
            EnvelopeDescriptor.of(bytes(201)), EnvelopeHash.of(bytes(32)), MessageBoxIndex.of(bytes(104)));

    private KpclientdSimulator sim;
    private ThinClient client;
    private PigeonholeClient ph;

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RND.nextBytes(b);
        return b;
    }

    @BeforeEach
    void start() {
        sim = KpclientdSimulator.builder().start();
        client = ThinClient.connect(sim.thinClientConfigBuilder().requestTimeout(Duration.ofSeconds(5)).build());
        ph = client.pigeonhole();
        sim.clearRequests(); // forget the handshake's session_token
    }

    @AfterEach
    void stop() {
        client.close();
        sim.close();
    }

    private record Call(RequestKind kind, BiFunction<PigeonholeClient, Duration, CompletableFuture<?>> timed) {
        CompletableFuture<?> run(PigeonholeClient p) {
            return timed.apply(p, p.timeout());
        }

        @Override
        public String toString() {
            return kind.wireName();
        }
    }

    private static final List<Call> CALLS = List.of(
            new Call(RequestKind.NEW_KEYPAIR, (p, t) -> p.withTimeout(t).newKeypair(bytes(32))),
            new Call(RequestKind.ENCRYPT_READ, (p, t) -> p.withTimeout(t).encryptRead(READ_CAP, INDEX)),
            new Call(RequestKind.ENCRYPT_WRITE, (p, t) -> p.withTimeout(t).encryptWrite(bytes(100), WRITE_CAP, INDEX)),
            new Call(RequestKind.CANCEL_RESENDING_ENCRYPTED_MESSAGE, (p, t) -> p.withTimeout(t).cancelResendingEncryptedMessage(HASH)),
            new Call(RequestKind.CANCEL_RESENDING_COPY_COMMAND, (p, t) -> p.withTimeout(t).cancelResendingCopyCommand(WRITE_CAP.hash())),
            new Call(RequestKind.NEXT_MESSAGE_BOX_INDEX, (p, t) -> p.withTimeout(t).nextMessageBoxIndex(INDEX)),
            new Call(RequestKind.GET_MESSAGE_BOX_INDEX_COUNTER, (p, t) -> p.withTimeout(t).getMessageBoxIndexCounter(INDEX)),
            new Call(RequestKind.CREATE_COURIER_ENVELOPES_FROM_PAYLOAD,
                    (p, t) -> p.withTimeout(t).createCourierEnvelopesFromPayload(bytes(5000), WRITE_CAP, INDEX, true, true)),
            new Call(RequestKind.CREATE_COURIER_ENVELOPES_FROM_MULTI_PAYLOAD,
                    (p, t) -> p.withTimeout(t).createCourierEnvelopesFromPayloads(
                            List.of(new CopyDestination(bytes(10), WRITE_CAP, INDEX)), true, false,
                            CopyStreamBuffer.EMPTY)),
            new Call(RequestKind.CREATE_COURIER_ENVELOPES_FROM_TOMBSTONE_RANGE,
                    (p, t) -> p.withTimeout(t).createCourierEnvelopesFromTombstoneRange(WRITE_CAP, INDEX, 3, true, true, null)),
            new Call(RequestKind.VOUCHER_MINT, (p, t) -> p.withTimeout(t).voucherMint(WRITE_CAP, "alice")),
            new Call(RequestKind.VOUCHER_INDUCT, (p, t) -> p.withTimeout(t).voucherInduct(VOUCHER, bytes(300), bytes(20))),
            new Call(RequestKind.VOUCHER_OPEN, (p, t) -> p.withTimeout(t).voucherOpen(VoucherSecretKey.of(bytes(64)), bytes(80), WRITE_CAP)),
            new Call(RequestKind.VOUCHER_DERIVE_STREAM, (p, t) -> p.withTimeout(t).voucherDeriveStream(VOUCHER)),
            new Call(RequestKind.START_RESENDING_COPY_COMMAND, (p, t) -> p.withTimeout(t).startResendingCopyCommand(WRITE_CAP, null)),
            new Call(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE,
                    (p, t) -> p.withTimeout(t).startResendingEncryptedMessage(READ)));
    private static final List<Call> LOCAL = CALLS.subList(0, CALLS.size() - 2);

    /** The thin codes each local call can get from the current daemon (docs/protocol.md#thin-codes, #pigeonhole). */
    static Stream<Arguments> localErrors() {
        List<Arguments> out = new ArrayList<>();
        for (Call c : CALLS.subList(0, CALLS.size() - 1)) {
            out.add(Arguments.of(c, 3));
            out.add(Arguments.of(c, 4));
        }
        Call induct = CALLS.stream().filter(c -> c.kind.equals(RequestKind.VOUCHER_INDUCT)).findFirst().orElseThrow();
        Call open = CALLS.stream().filter(c -> c.kind.equals(RequestKind.VOUCHER_OPEN)).findFirst().orElseThrow();
        out.add(Arguments.of(induct, 28));
        out.add(Arguments.of(induct, 29));
        out.add(Arguments.of(open, 30));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} error {1}")
    @MethodSource("localErrors")
    void localCallsFailWithTheThinCode(Call call, int code) {
        sim.failNext(call.kind, ThinErrorCode.fromCode(code).orElseThrow());
        CompletableFuture<?> f = call.run(ph);
        Throwable t = failure(f);
        assertThat(t).isInstanceOf(DaemonErrorException.class).isNotInstanceOf(ReplicaErrorException.class);
        DaemonErrorException e = (DaemonErrorException) t;
        assertThat(e.rawCode()).isEqualTo(code);
        assertThat(e.code()).isEqualTo(ThinErrorCode.fromCode(code).orElseThrow());
        assertThat(e.getMessage()).startsWith(call.kind.wireName() + " failed: ");
        assertNoSecrets(e.getMessage());
        assertThat(PigeonholeClient.isExpectedOutcome(t)).isFalse();
        // The blocking form throws the same exception type.
        sim.failNext(call.kind, ThinErrorCode.fromCode(code).orElseThrow());
        assertThatThrownBy(() -> Futures.await(call.run(ph))).isInstanceOf(t.getClass())
                .hasMessage(t.getMessage());
    }

    static List<Call> everyCall() {
        return CALLS;
    }

    static List<Call> localCalls() {
        return LOCAL;
    }

    @ParameterizedTest(name = "{0} deadline")
    @MethodSource("everyCall")
    void everyCallHasADeadline(Call call) {
        sim.delay(call.kind, Duration.ofMillis(1500));
        long t0 = System.nanoTime();
        Throwable t = failure(call.timed.apply(ph, Duration.ofMillis(200)));
        assertThat(t).isInstanceOf(RequestTimeoutException.class).hasMessageContaining(call.kind.wireName());
        // a reply delayed past the deadline would have completed the call: the exception shows the deadline came
        // first, and the time that it was this call's 200 ms and not an earlier one
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(180));
    }

    /** Cancelling a local call's future forgets the request and sends nothing else. */
    @ParameterizedTest(name = "{0} cancel")
    @MethodSource("localCalls")
    void cancellingALocalCallSendsNothingElse(Call call) throws Exception {
        sim.delay(call.kind, Duration.ofMillis(300));
        CompletableFuture<?> f = call.run(ph);
        assertThat(f.cancel(true)).isTrue();
        assertThat(f).isCancelled();
        // forgotten at once, in the cancelling thread: the daemon's reply is 300 ms away
        assertThat(ph.thinClient().statistics().callsInFlight()).as("calls in flight after the cancel").isZero();
        // the request itself went out, or was withdrawn before its first byte (calls queue their frames,
        // docs/reliability.md); nothing else is sent either way, for longer than the scripted delay
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(sim.requests()).extracting(r -> r.kind()).hasSizeLessThanOrEqualTo(1)
                        .allMatch(k -> k.equals(call.kind)));
        assertThatThrownBy(() -> Futures.await(f)).isInstanceOf(ThinClientException.class);
    }

    static Stream<Arguments> resendErrors() {
        List<Arguments> out = new ArrayList<>();
        for (int code : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 22, 23, 24, 25, 31, 32}) {
            out.add(Arguments.of(code));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "start_resending_encrypted_message error {0}")
    @MethodSource("resendErrors")
    void resendErrorsUseTheMixedNamespace(int code) {
        // a raw code: in this reply 1..11 are replica codes, not the ThinErrorCode of the same number
        sim.failNext(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, code);
        Throwable t = failure(ph.startResendingEncryptedMessage(code == 10 ? WRITE : READ));
        if (code <= 11) {
            assertThat(t).isInstanceOf(ReplicaErrorException.class);
            assertThat(((ReplicaErrorException) t).rawCode()).isEqualTo(code);
            assertThat(PigeonholeClient.isExpectedOutcome(t)).isEqualTo(code == 1 || code == 10 || code == 11);
        } else if (code == 24) {
            assertThat(t).isInstanceOf(ResendingCancelledException.class);
        } else {
            assertThat(t).isExactlyInstanceOf(DaemonErrorException.class);
            assertThat(((DaemonErrorException) t).rawCode()).isEqualTo(code);
        }
        assertNoSecrets(t.getMessage());
    }

    @Test
    void copyCommandErrors() {
        sim.failNext(RequestKind.START_RESENDING_COPY_COMMAND, ThinErrorCode.COPY_COMMAND_FAILED);
        Throwable t = failure(ph.startResendingCopyCommand(WRITE_CAP));
        assertThat(t).isInstanceOf(CopyCommandFailedException.class);
        assertThat(((CopyCommandFailedException) t).replicaErrorCode()).isEmpty();
        sim.failNext(RequestKind.START_RESENDING_COPY_COMMAND, ThinErrorCode.START_RESENDING_CANCELLED);
        assertThat(failure(ph.withTimeout(Duration.ofSeconds(10)).startResendingCopyCommand(WRITE_CAP, Courier.of(bytes(32), "courier"))))
                .isInstanceOf(ResendingCancelledException.class);
        RecordedRequest sent = sim.requests(RequestKind.START_RESENDING_COPY_COMMAND).get(1);
        assertThat(sent.courier().queueId()).isEqualTo("courier".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(sent.courier().identityHash()).hasSize(32);
        assertThat(sent.writeCap()).isEqualTo(WRITE_CAP);
        assertThat(sim.requests(RequestKind.START_RESENDING_COPY_COMMAND).get(0).courier()).isNull();
    }

    @Test
    void argumentErrorsAreThrownBeforeAnythingIsSent() throws Exception {
        assertThatThrownBy(() -> ph.newKeypair(new byte[31])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exactly 32");
        assertThatThrownBy(() -> ph.newKeypair(new byte[33])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ph.newKeypair(null)).isInstanceOf(NullPointerException.class);
        int max = sim.pigeonholeGeometry().maxPlaintextPayloadLength();
        assertThat(ph.maxPlaintextPayloadLength()).isEqualTo(max);
        assertThatThrownBy(() -> ph.encryptWrite(new byte[max + 1], WRITE_CAP, INDEX))
                .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining(String.valueOf(max));
        assertThatThrownBy(() -> ph.createCourierEnvelopesFromPayload(new byte[10_485_761], WRITE_CAP, INDEX, true,
                true)).isInstanceOf(PayloadTooLargeException.class);
        assertThatThrownBy(() -> ph.createCourierEnvelopesFromPayloads(List.of(), true, true, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ph.createCourierEnvelopesFromTombstoneRange(WRITE_CAP, INDEX, -1, true, true, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ph.createCourierEnvelopesFromTombstoneRange(WRITE_CAP, INDEX, 1L << 32, true, true,
                null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ph.withTimeout(Duration.ZERO).nextMessageBoxIndex(INDEX)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ph.tombstoneRange(WRITE_CAP, INDEX, -1)).isInstanceOf(IllegalArgumentException.class);
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(sim.requests()).isEmpty());
    }

    @Test
    void aRequestOverTheFrameLimitIsRefusedAtTheCallAndLeavesNothingBehind() {
        // each payload within its own limit, together over the 40 MiB of one frame
        List<CopyDestination> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(new CopyDestination(new byte[PigeonholeClient.MAX_COPY_PAYLOAD_LENGTH], WRITE_CAP, INDEX));
        }
        assertThatThrownBy(() -> ph.createCourierEnvelopesFromPayloads(five, true, true, CopyStreamBuffer.EMPTY))
                .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("frame limit");
        byte[] huge = new byte[41 * 1024 * 1024];
        assertThatThrownBy(() -> ph.voucherInduct(VOUCHER, huge, bytes(16)))
                .isInstanceOf(PayloadTooLargeException.class);
        assertThatThrownBy(() -> ph.sync().voucherInduct(VOUCHER, bytes(16), huge))
                .isInstanceOf(PayloadTooLargeException.class);
        assertThatThrownBy(() -> ph.voucherMint(WRITE_CAP, "x".repeat(huge.length)))
                .isInstanceOf(PayloadTooLargeException.class);
        assertThat(client.statistics().callsInFlight()).as("calls left waiting for their deadline").isZero();
        assertThat(client.isDaemonConnected()).isTrue();
        assertThat(Futures.await(ph.nextMessageBoxIndex(INDEX))).isNotNull(); // the connection still works
        assertThat(sim.connectionCount()).isOne();
    }

    @Test
    void localCallDeadline() {
        sim.delay(RequestKind.NEXT_MESSAGE_BOX_INDEX, Duration.ofMillis(1500));
        long t0 = System.nanoTime();
        Throwable t = failure(ph.withTimeout(Duration.ofMillis(200)).nextMessageBoxIndex(INDEX));
        assertThat(t).isInstanceOf(RequestTimeoutException.class).hasMessageContaining("next_message_box_index");
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(180));
        assertThatThrownBy(() -> ph.sync().withTimeout(Duration.ofMillis(100)).getMessageBoxIndexCounter(INDEX))
                .isInstanceOf(RequestTimeoutException.class);
    }

    /** At the deadline of a start call, the library cancels the operation at the daemon. */
    @Test
    void resendDeadlineSendsTheCancel() throws Exception {
        sim.delay(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, Duration.ofSeconds(3));
        sim.failNext(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, ThinErrorCode.START_RESENDING_CANCELLED); // the reply, if it ever came
        Throwable t = failure(ph.withTimeout(Duration.ofMillis(300)).startResendingEncryptedMessage(READ));
        assertThat(t).isInstanceOf(RequestTimeoutException.class);
        RecordedRequest cancel = sim.awaitRequest(RequestKind.CANCEL_RESENDING_ENCRYPTED_MESSAGE, Duration.ofSeconds(2));
        assertThat(cancel.envelopeHash()).isEqualTo(READ.envelopeHash());
    }

    @Test
    void cancellingTheStartFutureSendsTheCancel() throws Exception {
        sim.delay(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, Duration.ofSeconds(3));
        sim.failNext(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, ThinErrorCode.START_RESENDING_CANCELLED);
        CompletableFuture<ResendResult> f = ph.startResendingEncryptedMessage(WRITE,
                ResendOptions.BOX_ALREADY_EXISTS_AS_ERROR);
        RecordedRequest start = sim.awaitRequest(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE,
                Duration.ofSeconds(2));
        assertThat(start.writeCap()).isEqualTo(WRITE_CAP);
        assertThat(start.readCap()).isNull();
        assertThat(start.resendOptions()).isEqualTo(ResendOptions.BOX_ALREADY_EXISTS_AS_ERROR);
        assertThat(f.cancel(true)).isTrue();
        RecordedRequest cancel = sim.awaitRequest(RequestKind.CANCEL_RESENDING_ENCRYPTED_MESSAGE, Duration.ofSeconds(2));
        assertThat(cancel.envelopeHash()).isEqualTo(HASH);
        assertThat(f).isCancelled();
    }

    @Test
    void cancellingTheCopyFutureSendsTheCancelWithTheWriteCapHash() throws Exception {
        sim.delay(RequestKind.START_RESENDING_COPY_COMMAND, Duration.ofSeconds(3));
        sim.failNext(RequestKind.START_RESENDING_COPY_COMMAND, ThinErrorCode.START_RESENDING_CANCELLED);
        CompletableFuture<Void> f = ph.startResendingCopyCommand(WRITE_CAP);
        sim.awaitRequest(RequestKind.START_RESENDING_COPY_COMMAND, Duration.ofSeconds(2));
        f.cancel(false);
        RecordedRequest cancel = sim.awaitRequest(RequestKind.CANCEL_RESENDING_COPY_COMMAND,
                Duration.ofSeconds(2));
        assertThat(cancel.writeCapHash()).isEqualTo(WRITE_CAP.hash());
    }

    @Test
    void copyDeadlineSendsTheCancel() throws Exception {
        sim.delay(RequestKind.START_RESENDING_COPY_COMMAND, Duration.ofSeconds(3));
        sim.failNext(RequestKind.START_RESENDING_COPY_COMMAND, ThinErrorCode.START_RESENDING_CANCELLED);
        assertThatThrownBy(() -> ph.sync().withTimeout(Duration.ofMillis(200)).startResendingCopyCommand(WRITE_CAP, null))
                .isInstanceOf(RequestTimeoutException.class);
        RecordedRequest cancel = sim.awaitRequest(RequestKind.CANCEL_RESENDING_COPY_COMMAND,
                Duration.ofSeconds(2));
        assertThat(cancel.writeCapHash()).isEqualTo(WRITE_CAP.hash());
    }

    @Test
    void tombstoneRangeReportsPartialProgress() {
        sim.failNext(RequestKind.ENCRYPT_WRITE, ThinErrorCode.INTERNAL_ERROR);
        Throwable t = failure(ph.tombstoneRange(WRITE_CAP, INDEX, 5));
        assertThat(t).isInstanceOf(TombstoneRangeException.class);
        TombstoneRangeException e = (TombstoneRangeException) t;
        assertThat(e.tombstoned()).isZero();
        assertThat(e.requested()).isEqualTo(5);
        assertThat(e.nextIndex()).isEqualTo(INDEX);
        assertThat(e.getCause()).isInstanceOf(DaemonErrorException.class);
        assertThat(ph.sync().tombstoneRange(WRITE_CAP, INDEX, 0)).isEqualTo(new TombstoneRangeResult(0, INDEX));
    }

    @Test
    void exceptionMessagesNeverShowSecrets() {
        sim.failNext(RequestKind.ENCRYPT_WRITE, ThinErrorCode.INVALID_REQUEST);
        Throwable t = failure(ph.encryptWrite("top secret".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                WRITE_CAP, INDEX));
        assertThat(t.getMessage()).doesNotContain("top secret");
        assertNoSecrets(t.getMessage());
        assertNoSecrets(WRITE.toString());
        assertNoSecrets(READ.toString());
    }

    private static void assertNoSecrets(String text) {
        for (byte[] secret : List.of(WRITE_CAP.toBytes(), READ_CAP.toBytes(), INDEX.toBytes(), VOUCHER.toBytes(),
                WRITE.envelopeDescriptor().toBytes())) {
            assertThat(text).doesNotContain(HexFormat.of().formatHex(secret).substring(0, 16))
                    .doesNotContain(Base64.getEncoder().encodeToString(secret).substring(0, 16));
        }
    }

    static Throwable failure(CompletableFuture<?> f) {
        try {
            Object v = f.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + v);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(ThinClientException.class);
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
