package org.katzenpost.thin.pigeonhole;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.katzenpost.thin.PayloadTooLargeException;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.Durations;
import org.katzenpost.thin.internal.KernelRandom;
import org.katzenpost.thin.internal.session.PigeonholeAccess;
import org.katzenpost.thin.internal.session.SessionAccess;

/**
 * The Pigeonhole storage API of kpclientd (docs/protocol.md#pigeonhole): BACAP streams, encrypted box reads and
 * writes and the daemon's resending (ARQ), copy commands, index helpers, copy-stream builders and contact vouchers,
 * all typed. For a simple ordered message channel on top of it, see {@link ChannelWriter} and {@link ChannelReader}.
 *
 * <pre>{@code
 * PigeonholeSync ph = thinClient.pigeonhole().sync();                          // the blocking view
 * Keypair stream = ph.newKeypair(PigeonholeClient.randomSeed());
 * EncryptedMessage w = ph.encryptWrite("hello".getBytes(UTF_8), stream.writeCap(), stream.firstIndex());
 * ph.startResendingEncryptedMessage(w);                                        // the box is written
 * EncryptedMessage r = ph.encryptRead(stream.readCap(), stream.firstIndex());
 * byte[] hello = ph.withTimeout(Duration.ofMinutes(5))                         // reads may wait for the writer
 *         .startResendingEncryptedMessage(r).requirePlaintext();
 * }</pre>
 *
 * <p>Every call follows the conventions of this package (deadlines per view, bad arguments thrown at once, typed
 * daemon errors, what is re-sent after a reconnect, what cancelling does, secrets kept out of strings): see
 * {@linkplain org.katzenpost.thin.pigeonhole the package documentation}.
 *
 * Thread-safe; a view holds no state but its deadline.
 */
public final class PigeonholeClient {

    /** The seed length {@link #newKeypair(byte[])} requires, like the Go and Python clients: {@value} bytes. */
    public static final int SEED_LENGTH = 32;
    /**
     * The largest payload of one copy-stream builder call (per destination), checked by the daemon: {@value} bytes.
     */
    public static final int MAX_COPY_PAYLOAD_LENGTH = 10_485_760;
    /**
     * The longest {@link #readBox} resends one read envelope. The daemon resends a read with the same envelope, and
     * a courier may keep answering that envelope's first "not found" after the box is written
     * (docs/protocol.md#pigeonhole-arq), so a read that waits longer encrypts the read again each round. Each fresh
     * envelope costs the daemon an MKEM encryption (seconds of CPU on a small machine): rounds are minutes, not
     * seconds. Two minutes.
     */
    public static final Duration READ_ROUND = Duration.ofMinutes(2);

    static {
        PigeonholeAccess.register(client -> new PigeonholeClient(client,
                new PigeonholeCalls(SessionAccess.of(client)), client.config().requestTimeout(), READ_ROUND));
        PigeonholeAccess.registerReadRound(PigeonholeClient::withReadRound);
    }

    private final ThinClient client;
    private final PigeonholeCalls calls;
    private final Duration timeout;
    /** {@link #READ_ROUND}, except in views made by tests, which cannot wait minutes for a round to end. */
    private final Duration readRound;
    private final PigeonholeSync sync = new PigeonholeSync(this);

    private PigeonholeClient(ThinClient client, PigeonholeCalls calls, Duration timeout, Duration readRound) {
        this.client = client;
        this.calls = calls;
        this.timeout = timeout;
        this.readRound = readRound;
    }

    /**
     * A view over the same connection whose every call has {@code timeout} as its deadline; this view is unchanged.
     * Reads that wait for a box to be written may need more than a local call does.
     *
     * @param timeout the deadline of each call of the new view, positive
     * @return a new view (cheap: it shares this one's connection and holds only the deadline)
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws NullPointerException if {@code timeout} is null
     */
    public PigeonholeClient withTimeout(Duration timeout) {
        return new PigeonholeClient(client, calls, Durations.requirePositive(timeout, "timeout"), readRound);
    }

    /**
     * The deadline of every call of this view.
     *
     * @return the timeout given to {@link #withTimeout}, or the config's request timeout for
     *     {@link ThinClient#pigeonhole()}
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The blocking view: the same calls under the same names, returning the value.
     *
     * @return the blocking view of this client, with this view's deadline
     */
    public PigeonholeSync sync() {
        return sync;
    }

    /**
     * The thin client this view uses.
     *
     * @return the client whose connection the calls use
     */
    public ThinClient thinClient() {
        return client;
    }

    /**
     * The largest {@link #encryptWrite} plaintext: the Pigeonhole geometry's {@code MaxPlaintextPayloadLength},
     * or 0 while the client has not completed a handshake.
     *
     * @return the length in bytes, or 0
     */
    public int maxPlaintextPayloadLength() {
        return calls.maxPlaintextPayloadLength();
    }

    /**
     * 32 fresh bytes from the kernel's random source ({@code /dev/urandom}; {@link java.security.SecureRandom} where
     * there is none), for {@link #newKeypair(byte[])}. Secret: wipe it once the keypair is made.
     *
     * @return a new array of {@value #SEED_LENGTH} bytes
     */
    public static byte[] randomSeed() {
        byte[] seed = new byte[SEED_LENGTH];
        KernelRandom.secretBytes(seed);
        return seed;
    }

    /**
     * True when {@code t} (or the exception inside a {@link java.util.concurrent.CompletionException} or
     * {@link java.util.concurrent.ExecutionException}) is a {@link ReplicaErrorException} with
     * {@link ReplicaErrorCode#BOX_ID_NOT_FOUND}, {@link ReplicaErrorCode#BOX_ALREADY_EXISTS} or
     * {@link ReplicaErrorCode#TOMBSTONE}: the operation finished and must not be retried
     * (docs/protocol.md#expected-outcomes). A {@link CopyCommandFailedException} is never an expected outcome,
     * whatever its replica code, because the copy did not happen.
     *
     * @param t a failure, or null
     * @return true for an expected outcome; false otherwise, and for null
     */
    public static boolean isExpectedOutcome(Throwable t) {
        return t != null && PigeonholeErrors.isExpectedOutcome(t);
    }

    /**
     * Derives a BACAP stream from {@code seed} (exactly {@value #SEED_LENGTH} bytes, secret): the same seed always
     * gives the same caps. Local.
     *
     * @param seed the {@value #SEED_LENGTH}-byte secret seed of the stream
     * @return a future of the stream's caps and first index
     * @throws IllegalArgumentException if {@code seed} is not {@value #SEED_LENGTH} bytes
     */
    public CompletableFuture<Keypair> newKeypair(byte[] seed) {
        return calls.newKeypair(seed, timeout);
    }

    /**
     * Encrypts a read query for the box at {@code index} of the stream of {@code readCap}; send it with
     * {@link #startResendingEncryptedMessage}. Local, but needs the daemon's PKI document (thin code 4 without).
     *
     * @param readCap the read cap of the stream
     * @param index the box index
     * @return a future of the encrypted message
     * @throws NullPointerException if an argument is null
     */
    public CompletableFuture<EncryptedMessage> encryptRead(ReadCap readCap, MessageBoxIndex index) {
        return calls.encryptRead(readCap, index, timeout);
    }

    /**
     * Encrypts and signs {@code plaintext} for the box at {@code index} of the stream of {@code writeCap}; send it
     * with {@link #startResendingEncryptedMessage}. An <strong>empty</strong> plaintext makes a tombstone. Local,
     * but needs the daemon's PKI document.
     *
     * @param plaintext the box content; empty makes a tombstone
     * @param writeCap the write cap of the stream
     * @param index the box index
     * @return a future of the encrypted message
     * @throws PayloadTooLargeException if {@code plaintext} is longer than {@link #maxPlaintextPayloadLength()}
     *     (nothing is sent)
     */
    public CompletableFuture<EncryptedMessage> encryptWrite(byte[] plaintext, WriteCap writeCap,
            MessageBoxIndex index) {
        return calls.encryptWrite(plaintext, writeCap, index, timeout);
    }

    /**
     * {@link #startResendingEncryptedMessage(EncryptedMessage,ResendOptions)} with {@link ResendOptions#DEFAULT}:
     * a read waits for the box to be written, a write counts "already exists" as success.
     *
     * @param message the encrypted read or write to send
     * @return a future of the outcome: for a read the box's plaintext; the courier used
     * @throws NullPointerException if {@code message} is null
     */
    public CompletableFuture<ResendResult> startResendingEncryptedMessage(EncryptedMessage message) {
        return calls.startResendingEncryptedMessage(message, ResendOptions.DEFAULT, timeout);
    }

    /**
     * Sends an encrypted read or write through a courier, and lets the daemon resend it until there is an outcome
     * (docs/protocol.md#pigeonhole-arq): for a read, the box's plaintext; for a write, no plaintext. Both name the
     * courier used.
     *
     * <p>Failures: {@link ReplicaErrorException} for replica codes 1–11 (box not found only with
     * {@link ResendOptions#noRetryOnBoxIdNotFound()}, box already exists only with
     * {@link ResendOptions#boxAlreadyExistsAsError()}, tombstone for a read of a tombstoned box; codes 3 and 4
     * are ambiguous, see {@link ReplicaErrorException}); {@link ResendingCancelledException} (thin 24) when a
     * cancel request ended it; {@link org.katzenpost.thin.DaemonErrorException} for the other thin codes
     * (12, 13, 22, 23, 25, 31, 32, …); {@link RequestTimeoutException} at the deadline, after which the operation
     * is cancelled at the daemon. Cancelling the future also cancels the operation at the daemon.
     *
     * @param message the encrypted read or write to send
     * @param options how outcomes are reported ({@link ResendOptions#DEFAULT} for the usual)
     * @return a future of the outcome: for a read the box's plaintext; the courier used
     * @throws NullPointerException if an argument is null
     */
    public CompletableFuture<ResendResult> startResendingEncryptedMessage(EncryptedMessage message,
            ResendOptions options) {
        return calls.startResendingEncryptedMessage(message, options, timeout);
    }

    /**
     * Reads the box at {@code index} of the stream of {@code readCap}, waiting for it to be written: encrypts a read
     * for it and lets the daemon resend that until the box is there or this view's deadline passes, with a fresh
     * envelope (a new {@link #encryptRead}) every {@link #READ_ROUND}, so a courier's cached "not found" cannot
     * hide a box written during the wait for longer than a round (docs/pigeonhole.md#the-storage-api). Each round's
     * resend is cancelled at the daemon when the round ends; a "box not found" or a stale envelope (thin code 32)
     * from the daemon is retried with a fresh envelope after a short pause. Give the view the whole wait:
     * {@code ph.withTimeout(Duration.ofMinutes(10)).readBox(readCap, index)}.
     *
     * <p>Failures: {@link ReplicaErrorException} with {@link ReplicaErrorCode#TOMBSTONE} for a tombstoned box
     * (an expected outcome), the other failures of {@link #startResendingEncryptedMessage} and
     * {@link #encryptRead}, {@link RequestTimeoutException} at the deadline. Cancelling the future cancels the
     * resend at the daemon.
     *
     * @param readCap the read cap of the stream
     * @param index the box index
     * @return a future of the box's plaintext and the courier that read it
     * @throws NullPointerException if an argument is null
     */
    public CompletableFuture<ResendResult> readBox(ReadCap readCap, MessageBoxIndex index) {
        return ReadRounds.readResult(calls, readCap, index, timeout, readRound);
    }

    /**
     * Asks the daemon to stop resending the message with {@code envelopeHash}. If it was still running, its start
     * future fails with {@link ResendingCancelledException}; this future completes normally whether or not the
     * daemon knew the hash (the cancel is idempotent). Local.
     *
     * @param envelopeHash the hash of the message to stop resending
     * @return a future of completion
     * @throws NullPointerException if {@code envelopeHash} is null
     */
    public CompletableFuture<Void> cancelResendingEncryptedMessage(EnvelopeHash envelopeHash) {
        return calls.cancelResendingEncryptedMessage(envelopeHash, timeout);
    }

    /**
     * {@link #startResendingCopyCommand(WriteCap, Courier)} through a courier the daemon picks.
     *
     * @param tempWriteCap the write cap of the temporary stream holding the copy stream
     * @return a future that completes when the courier reports success
     * @throws NullPointerException if {@code tempWriteCap} is null
     */
    public CompletableFuture<Void> startResendingCopyCommand(WriteCap tempWriteCap) {
        return calls.startResendingCopyCommand(tempWriteCap, null, timeout);
    }

    /**
     * Asks a courier to carry out the copy stream written to the temporary stream of {@code tempWriteCap}: all
     * its destination writes happen, or none (docs/protocol.md#copy-commands). {@code courier} picks the courier;
     * null lets the daemon choose one at random. Completes when the courier reports success.
     *
     * <p>Failures: {@link CopyCommandFailedException} (thin 26, with the replica reason and the failing element),
     * {@link ResendingCancelledException} (thin 24) when a cancel request ended it,
     * {@link org.katzenpost.thin.DaemonErrorException} for other codes, {@link RequestTimeoutException} at the
     * deadline, after which the command is cancelled at the daemon. Cancelling the future also cancels it.
     *
     * @param tempWriteCap the write cap of the temporary stream holding the copy stream
     * @param courier the courier to use, or null to let the daemon choose
     * @return a future that completes when the courier reports success
     * @throws NullPointerException if {@code tempWriteCap} is null
     */
    public CompletableFuture<Void> startResendingCopyCommand(WriteCap tempWriteCap, Courier courier) {
        return calls.startResendingCopyCommand(tempWriteCap, courier, timeout);
    }

    /**
     * Asks the daemon to stop the copy command identified by {@code writeCapHash} (the BLAKE2b-256 of its
     * temporary write cap). Its start future fails with {@link ResendingCancelledException}; this one completes
     * normally, also for unknown hashes. Local. Pass {@code tempWriteCap.hash()} to name it by its write cap.
     *
     * @param writeCapHash the hash of the copy command's temporary write cap ({@link WriteCap#hash()})
     * @return a future that completes once the daemon has the cancel
     * @throws NullPointerException if {@code writeCapHash} is null
     */
    public CompletableFuture<Void> cancelResendingCopyCommand(WriteCapHash writeCapHash) {
        return calls.cancelResendingCopyCommand(writeCapHash, timeout);
    }

    /**
     * The index after {@code index} (one HKDF step; there is no way back). Local.
     *
     * @param index the box index
     * @return a future of the next index
     * @throws NullPointerException if {@code index} is null
     */
    public CompletableFuture<MessageBoxIndex> nextMessageBoxIndex(MessageBoxIndex index) {
        return calls.nextMessageBoxIndex(index, timeout);
    }

    /**
     * The daemon's reading of the index counter ({@code Idx64}; see {@link MessageBoxIndex#counter()} for the same
     * value read locally). Local.
     *
     * @param index the box index
     * @return a future of the counter (an unsigned 64-bit number in a long's bits)
     * @throws NullPointerException if {@code index} is null
     */
    public CompletableFuture<Long> getMessageBoxIndexCounter(MessageBoxIndex index) {
        return calls.getMessageBoxIndexCounter(index, timeout);
    }

    /**
     * Cuts {@code payload} (at most {@value #MAX_COPY_PAYLOAD_LENGTH} bytes) into box-sized chunks, encrypts each
     * as a write to the destination stream from {@code destStartIndex} on, and packs the writes into copy-stream
     * elements (docs/protocol.md#copy-commands). {@code isStart} marks the first element as the start of a copy
     * stream; {@code isLast} marks the last one as final. The call flushes, so the result's buffer is always empty;
     * pass its {@link CourierEnvelopes#nextDestIndex()} to the next call for the same destination. Local, needs the
     * PKI document.
     *
     * @param payload the bytes to cut into boxes, at most {@value #MAX_COPY_PAYLOAD_LENGTH}
     * @param destWriteCap the write cap of the destination stream
     * @param destStartIndex the first destination box
     * @param isStart whether the first element starts a copy stream
     * @param isLast whether the last element ends the copy stream
     * @return a future of the copy-stream elements
     * @throws PayloadTooLargeException if {@code payload} is over {@value #MAX_COPY_PAYLOAD_LENGTH} bytes
     */
    public CompletableFuture<CourierEnvelopes> createCourierEnvelopesFromPayload(byte[] payload,
            WriteCap destWriteCap, MessageBoxIndex destStartIndex, boolean isStart, boolean isLast) {
        return calls.createCourierEnvelopesFromPayload(payload, destWriteCap, destStartIndex, isStart, isLast,
                timeout);
    }

    /**
     * Packs several destinations into one copy stream (wire request {@code
     * create_courier_envelopes_from_multi_payload}; Go's {@code CreateCourierEnvelopesFromPayloads}). With {@code
     * isLast} false the daemon keeps the residue of the last element in the result's {@link
     * CourierEnvelopes#buffer()} instead of flushing it: pass that buffer to the next call of the same stream
     * ({@link CopyStreamBuffer#EMPTY} on the first). The result's {@link CourierEnvelopes#nextDestIndices()}
     * continue each destination, in order. Local, needs the PKI document.
     *
     * @param destinations the destinations, in order, not empty
     * @param isStart whether the first element starts a copy stream
     * @param isLast whether the last element ends the copy stream
     * @param buffer the previous call's residue, or {@link CopyStreamBuffer#EMPTY} (null reads as empty)
     * @return a future of the copy-stream elements
     * @throws IllegalArgumentException if {@code destinations} is empty
     * @throws PayloadTooLargeException if a payload is over {@value #MAX_COPY_PAYLOAD_LENGTH} bytes,
     *     or the destinations together are over kpclientd's 40 MiB frame limit (docs/protocol.md)
     */
    public CompletableFuture<CourierEnvelopes> createCourierEnvelopesFromPayloads(List<CopyDestination> destinations,
            boolean isStart, boolean isLast, CopyStreamBuffer buffer) {
        return calls.createCourierEnvelopesFromPayloads(destinations, isStart, isLast, buffer, timeout);
    }

    /**
     * Copy-stream elements that tombstone {@code maxCount} boxes of the destination stream from
     * {@code destStartIndex} on, with the same {@code buffer}/{@code isLast} handling as
     * {@link #createCourierEnvelopesFromPayloads}. {@code maxCount} 0 gives no envelopes and the start index.
     * Local, needs the PKI document.
     *
     * @param destWriteCap the write cap of the destination stream
     * @param destStartIndex the first destination box
     * @param maxCount how many boxes to tombstone
     * @param isStart whether the first element starts a copy stream
     * @param isLast whether the last element ends the copy stream
     * @param buffer the previous call's residue, or {@link CopyStreamBuffer#EMPTY} (null reads as empty)
     * @return a future of the copy-stream elements
     * @throws IllegalArgumentException if {@code maxCount} is negative or over the wire's limit
     */
    public CompletableFuture<CourierEnvelopes> createCourierEnvelopesFromTombstoneRange(WriteCap destWriteCap,
            MessageBoxIndex destStartIndex, long maxCount, boolean isStart, boolean isLast, CopyStreamBuffer buffer) {
        return calls.createCourierEnvelopesFromTombstoneRange(destWriteCap, destStartIndex, maxCount, isStart, isLast,
                buffer, timeout);
    }

    /**
     * Tombstones {@code count} boxes of the stream of {@code writeCap}, from {@code start} on, one after the other:
     * for each box an {@code encrypt_write} with an empty plaintext, then a write
     * {@code start_resending_encrypted_message}. This view's deadline covers the whole range. Completes with the
     * count and the index after the last box. When a box fails, the future fails with {@link
     * TombstoneRangeException}, which says how many boxes were done and where to continue (the failure is its
     * cause). Cancelling the future cancels the box in flight. For many boxes, a copy command with
     * {@link #createCourierEnvelopesFromTombstoneRange} is atomic and cheaper.
     *
     * @param writeCap the write cap of the stream
     * @param start the first box
     * @param count how many boxes, not negative
     * @return a future of how many boxes were tombstoned and the next index
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public CompletableFuture<TombstoneRangeResult> tombstoneRange(WriteCap writeCap, MessageBoxIndex start, int count) {
        return calls.tombstoneRange(writeCap, start, count, timeout);
    }

    /**
     * Joiner: mints a contact voucher for the stream of {@code messageWriteCap}, under {@code displayName}.
     * Local (daemon ≥ v0.0.80; older daemons never answer, so the call times out).
     *
     * @param messageWriteCap the write cap of the joiner's message stream
     * @param displayName the joiner's name
     * @return a future of the voucher and its secrets
     * @throws NullPointerException if an argument is null
     * @throws PayloadTooLargeException if the request would be over kpclientd's 40 MiB frame limit (docs/protocol.md)
     */
    public CompletableFuture<MintedVoucher> voucherMint(WriteCap messageWriteCap, String displayName) {
        return calls.voucherMint(messageWriteCap, displayName, timeout);
    }

    /**
     * Inductor: checks the joiner's {@code voucherPayload} (read from box 0 of the voucher stream) against
     * {@code voucher}, and seals {@code whoReply} (opaque to the daemon) to the joiner. Thin codes 28 (hash
     * mismatch), 29 (bad signature) and 3 (malformed input) fail it as {@link
     * org.katzenpost.thin.DaemonErrorException}. Local.
     *
     * @param voucher the contact voucher
     * @param voucherPayload the joiner's payload from box 0 of the voucher stream
     * @param whoReply the inductor's reply, opaque to the daemon
     * @return a future of the induction
     * @throws NullPointerException if an argument is null
     * @throws PayloadTooLargeException if the request would be over kpclientd's 40 MiB frame limit (docs/protocol.md)
     */
    public CompletableFuture<VoucherInduction> voucherInduct(Voucher voucher, byte[] voucherPayload, byte[] whoReply) {
        return calls.voucherInduct(voucher, voucherPayload, whoReply, timeout);
    }

    /**
     * Joiner: opens the inductor's {@code sealedReply} (read from box 1 of the voucher stream) with the key from
     * {@link #voucherMint}, and mutates {@code messageWriteCap} by the salt. Thin code 30 (seal could not be
     * opened) and 3 fail it as {@link org.katzenpost.thin.DaemonErrorException}. Local.
     *
     * @param voucherSecretKey the key from the mint
     * @param sealedReply the inductor's sealed reply from box 1 of the voucher stream
     * @param messageWriteCap the write cap of the joiner's message stream
     * @return a future of the opened voucher
     * @throws NullPointerException if an argument is null
     * @throws PayloadTooLargeException if the request would be over kpclientd's 40 MiB frame limit (docs/protocol.md)
     */
    public CompletableFuture<OpenedVoucher> voucherOpen(VoucherSecretKey voucherSecretKey, byte[] sealedReply,
            WriteCap messageWriteCap) {
        return calls.voucherOpen(voucherSecretKey, sealedReply, messageWriteCap, timeout);
    }

    /**
     * Inductor: the voucher stream's caps, to read the joiner's payload from box 0. Local, cheap.
     *
     * @param voucher the contact voucher
     * @return a future of the voucher stream's caps
     * @throws NullPointerException if {@code voucher} is null
     */
    public CompletableFuture<VoucherStream> voucherDeriveStream(Voucher voucher) {
        return calls.voucherDeriveStream(voucher, timeout);
    }

    /**
     * A fresh channel (a new stream from a random seed), as a state holding both caps and the first index.
     *
     * @return a future of the new channel's state (secret)
     */
    public CompletableFuture<ChannelState> createChannel() {
        byte[] seed = randomSeed();
        try {
            return calls.newKeypair(seed, timeout).thenApply(ChannelState::of); // the request holds its own copy
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /**
     * A writer for the channel of {@code state}, which must hold a write cap
     * (docs/pigeonhole.md#the-channel-format). Each of its sends has this view's deadline.
     *
     * @param state the channel's state, e.g. from {@link #createChannel()}
     * @return a new writer over this view
     * @throws NullPointerException if {@code state} is null
     * @throws IllegalArgumentException if {@code state} holds no write cap
     */
    public ChannelWriter channelWriter(ChannelState state) {
        return new ChannelWriter(this, state);
    }

    /**
     * A reader for the channel of {@code state}, which must hold a read cap
     * (docs/pigeonhole.md#the-channel-format). Its {@link ChannelReader#receive()} waits this view's deadline.
     *
     * @param state the channel's state, e.g. a writer's state shared with its read cap
     * @return a new reader over this view
     * @throws NullPointerException if {@code state} is null
     * @throws IllegalArgumentException if {@code state} holds no read cap
     */
    public ChannelReader channelReader(ChannelState state) {
        return new ChannelReader(this, state);
    }

    /** The calls with explicit deadlines, for the channel classes, which split one deadline over several calls. */
    PigeonholeCalls calls() {
        return calls;
    }

    /** {@link #readBox} with an explicit deadline and the index after the box, for {@link ChannelReader}. */
    CompletableFuture<ReadRounds.BoxRead> readBoxAt(ReadCap readCap, MessageBoxIndex index, Duration timeout) {
        return ReadRounds.read(calls, readCap, index, timeout, readRound);
    }

    /** This view with {@link #readBox} rounds of {@code round}, for tests (through {@code PigeonholeAccess}). */
    PigeonholeClient withReadRound(Duration round) {
        return new PigeonholeClient(client, calls, timeout, Durations.requirePositive(round, "round"));
    }
}
