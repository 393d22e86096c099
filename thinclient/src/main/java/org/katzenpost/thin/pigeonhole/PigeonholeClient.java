package org.katzenpost.thin.pigeonhole;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.katzenpost.thin.PayloadTooLargeException;
import org.katzenpost.thin.PigeonholeGeometry;
import org.katzenpost.thin.ProtocolViolationException;
import org.katzenpost.thin.QueryId;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.ThinClientException;
import org.katzenpost.thin.internal.Durations;
import org.katzenpost.thin.internal.session.Reissue;
import org.katzenpost.thin.internal.session.Session;
import org.katzenpost.thin.internal.session.SessionAccess;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.internal.wire.Requests.CreateCourierEnvelopesFromMultiPayload.EnvelopeDestination;
import org.katzenpost.thin.internal.wire.Requests.QueryRequest;
import org.katzenpost.thin.internal.wire.Responses;
import org.katzenpost.thin.internal.wire.Responses.QueryReply;
import org.katzenpost.thin.internal.wire.WireSizes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Pigeonhole storage API of kpclientd (docs/protocol.md#pigeonhole): BACAP streams, encrypted box reads and
 * writes and
 * the daemon's resending (ARQ), copy commands, index helpers, copy-stream builders and contact vouchers, all
 * typed. For a simple ordered message channel on top of it, see {@link ChannelWriter} and {@link ChannelReader}.
 *
 * <pre>{@code
 * PigeonholeSync ph = thinClient.pigeonhole().sync();                          // the blocking view
 * Keypair stream = ph.newKeypair(PigeonholeClient.randomSeed());
 * EncryptedMessage w = ph.encryptWrite("hello".getBytes(UTF_8), stream.writeCap(), stream.firstIndex());
 * ph.startResendingEncryptedMessage(w);                                        // the box is written
 * EncryptedMessage r = ph.encryptRead(stream.readCap(), stream.firstIndex());
 * byte[] hello = ph.startResendingEncryptedMessage(r).requirePlaintext();     // waits for the box
 * }</pre>
 *
 * <h2>Conventions</h2>
 * <ul>
 * <li>Every call returns a {@link CompletableFuture}: {@code foo(args)} with the default deadline
 *     ({@link #defaultTimeout()}), {@code foo(args, Duration)} with that deadline (positive, else
 *     {@link IllegalArgumentException}). The blocking form of each call is in {@link #sync()}, with the same name
 *     and parameters: it waits and returns the value, throwing the {@link ThinClientException} the future would
 *     fail with (docs/api.md). Options travel in records ({@link ResendOptions}); the {@code Duration} always
 *     comes last.</li>
 * <li>Bad arguments (null, wrong sizes, a plaintext over the geometry's limit) are thrown at once as
 *     {@link IllegalArgumentException}, {@link NullPointerException} or {@link PayloadTooLargeException}; every
 *     other failure fails the future.</li>
 * <li>A daemon error becomes a typed exception: {@link org.katzenpost.thin.DaemonErrorException} (thin codes,
 *     with the subclasses {@link ResendingCancelledException} and {@link CopyCommandFailedException}),
 *     {@link ReplicaErrorException} (replica codes), {@link RequestTimeoutException} after the deadline.
 *     {@link #isExpectedOutcome(Throwable)} tells the outcomes that mean "done" (box not found, box already
 *     exists, tombstone) from failures.</li>
 * <li>Local calls (everything but the two {@code startResending*} calls) do not use the mixnet, so they work
 *     in offline mode; they are re-sent after a reconnect if their reply was lost. The {@code startResending*}
 *     calls are handed to the daemon even in offline mode (it queues them) and are re-sent, with the same query
 *     id, only if the daemon restarted (docs/protocol.md#reconnect).</li>
 * <li>Cancelling the future of a {@code startResending*} call, or letting its deadline pass, sends the matching
 *     cancel request, so the daemon stops resending. Cancelling any other future just forgets the request.</li>
 * <li>Results are immutable; byte arrays are copied in and out. Secrets (caps, indexes, keys, plaintexts,
 *     descriptors) never appear in {@code toString}, exception messages, or logs.</li>
 * </ul>
 * Thread-safe. {@link ThinClient#pigeonhole()} is the one of the connection; the constructors make more views
 * (another default deadline), which hold no state of their own.
 */
public final class PigeonholeClient {
    private static final Logger log = LoggerFactory.getLogger(PigeonholeClient.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The seed length {@link #newKeypair(byte[])} requires, like the Go and Python clients. */
    public static final int SEED_LENGTH = 32;
    /** The largest payload of one copy-stream builder call (per destination), checked by the daemon. */
    public static final int MAX_COPY_PAYLOAD_LENGTH = 10_485_760;

    private static final String NEW_KEYPAIR = Requests.NewKeypair.KEY;
    private static final String ENCRYPT_READ = Requests.EncryptRead.KEY;
    private static final String ENCRYPT_WRITE = Requests.EncryptWrite.KEY;
    private static final String START_RESENDING = Requests.StartResendingEncryptedMessage.KEY;
    private static final String CANCEL_RESENDING = Requests.CancelResendingEncryptedMessage.KEY;
    private static final String START_COPY = Requests.StartResendingCopyCommand.KEY;
    private static final String CANCEL_COPY = Requests.CancelResendingCopyCommand.KEY;

    private final ThinClient client;
    private final Session session;
    private final Duration defaultTimeout;
    private final PigeonholeSync sync = new PigeonholeSync(this);

    /**
     * A Pigeonhole view of {@code client}, with the client's request timeout as the default deadline.
     * {@link ThinClient#pigeonhole()} returns the client's own view; make one only for another default deadline.
     *
     * @param client the thin client whose connection the calls use
     * @throws NullPointerException if {@code client} is null
     */
    public PigeonholeClient(ThinClient client) {
        this(client, null);
    }

    /**
     * A Pigeonhole view of {@code client} whose default deadline is {@code defaultTimeout} (null: the client's
     * request timeout). Reads that wait for a box to be written may need more than a local call does.
     *
     * @param client the thin client whose connection the calls use
     * @param defaultTimeout the deadline of the calls that take no {@code Duration}, positive; or null for the
     *     client's {@link org.katzenpost.thin.ThinClientConfig#requestTimeout()}
     * @throws NullPointerException if {@code client} is null
     * @throws IllegalArgumentException if {@code defaultTimeout} is zero or negative
     */
    public PigeonholeClient(ThinClient client, Duration defaultTimeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.session = SessionAccess.of(client);
        this.defaultTimeout = defaultTimeout == null ? null
                : Durations.requirePositive(defaultTimeout, "defaultTimeout");
    }

    /**
     * The blocking view: the same calls under the same names, returning the value.
     *
     * @return the blocking view of this client (with its default deadline)
     */
    public PigeonholeSync sync() {
        return sync;
    }

    /**
     * The thin client this view uses.
     *
     * @return the client given to the constructor
     */
    public ThinClient thinClient() {
        return client;
    }

    /**
     * The deadline of the calls that take no {@code Duration}.
     *
     * @return the timeout given to the constructor, or else the client's request timeout
     */
    public Duration defaultTimeout() {
        return defaultTimeout != null ? defaultTimeout : client.config().requestTimeout();
    }

    /**
     * The largest {@link #encryptWrite} plaintext: the Pigeonhole geometry's {@code MaxPlaintextPayloadLength},
     * or 0 while the client has not completed a handshake.
     *
     * @return the length in bytes, or 0
     */
    public int maxPlaintextPayloadLength() {
        PigeonholeGeometry g = session.pigeonholeGeometry();
        return g == null ? 0 : g.maxPlaintextPayloadLength();
    }

    /**
     * 32 fresh bytes from {@link SecureRandom}, for {@link #newKeypair(byte[])}. Secret: wipe it once the
     * keypair is made.
     *
     * @return a new array of {@value #SEED_LENGTH} bytes
     */
    public static byte[] randomSeed() {
        byte[] seed = new byte[SEED_LENGTH];
        RANDOM.nextBytes(seed);
        return seed;
    }

    /**
     * True when {@code t} (or the exception inside a {@link java.util.concurrent.CompletionException} or
     * {@link java.util.concurrent.ExecutionException}) is a {@link ReplicaErrorException} with
     * {@link ReplicaErrorCode#BOX_ID_NOT_FOUND}, {@link ReplicaErrorCode#BOX_ALREADY_EXISTS} or
     * {@link ReplicaErrorCode#TOMBSTONE}: the operation finished and must not be retried
     * (docs/protocol.md#expected-outcomes). A
     * {@link CopyCommandFailedException} is never an expected outcome, whatever its replica code, because the copy
     * did not happen.
     *
     * @param t a failure, or null
     * @return true for an expected outcome; false otherwise, and for null
     */
    public static boolean isExpectedOutcome(Throwable t) {
        return t != null && PigeonholeErrors.isExpectedOutcome(t);
    }

    // ================================================================== new_keypair

    /**
     * Derives a BACAP stream from {@code seed} (exactly {@value #SEED_LENGTH} bytes, secret): the same seed always
     * gives the same caps. Local.
     *
     * @param seed the {@value #SEED_LENGTH}-byte secret seed of the stream
     * @return a future of the stream's caps and first index, with the {@link #defaultTimeout() default deadline}
     */
    public CompletableFuture<Keypair> newKeypair(byte[] seed) {
        return newKeypair(seed, defaultTimeout());
    }

    /**
     * {@link #newKeypair(byte[])} with its own deadline.
     *
     * @param seed the {@value #SEED_LENGTH}-byte secret seed of the stream
     * @param timeout the deadline, positive
     * @return a future of the stream's caps and first index; it fails with {@link RequestTimeoutException} at the
     *     deadline
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public CompletableFuture<Keypair> newKeypair(byte[] seed, Duration timeout) {
        Objects.requireNonNull(seed, "seed");
        if (seed.length != SEED_LENGTH) {
            throw new IllegalArgumentException("seed must be exactly " + SEED_LENGTH + " bytes, got " + seed.length);
        }
        return local(NEW_KEYPAIR, new Requests.NewKeypair(qid(), seed.clone()), Responses.NewKeypairReply.class,
                timeout, r -> new Keypair(WriteCap.of(need(r.writeCap(), "write_cap")),
                        ReadCap.of(need(r.readCap(), "read_cap")),
                        MessageBoxIndex.of(need(r.firstMessageIndex(), "first_message_index"))));
    }

    // ================================================================== encrypt_read / encrypt_write

    /**
     * Encrypts a read query for the box at {@code index} of the stream of {@code readCap}; send it with
     * {@link #startResendingEncryptedMessage}. Local, but needs the daemon's PKI document (thin code 4 without).
     *
     * @param readCap the read cap of the stream
     * @param index the box index
     * @return a future of the encrypted message, with the {@link #defaultTimeout() default deadline}
     */
    public CompletableFuture<EncryptedMessage> encryptRead(ReadCap readCap, MessageBoxIndex index) {
        return encryptRead(readCap, index, defaultTimeout());
    }

    /**
     * {@link #encryptRead(ReadCap,MessageBoxIndex)} with its own deadline.
     *
     * @param readCap the read cap of the stream
     * @param index the box index
     * @param timeout the deadline, positive
     * @return a future of the encrypted message; it fails with {@link RequestTimeoutException} at the deadline
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public CompletableFuture<EncryptedMessage> encryptRead(ReadCap readCap, MessageBoxIndex index, Duration timeout) {
        Objects.requireNonNull(readCap, "readCap");
        Objects.requireNonNull(index, "index");
        return local(ENCRYPT_READ, new Requests.EncryptRead(qid(), readCap.raw(), index.raw()),
                Responses.EncryptReadReply.class, timeout, r -> EncryptedMessage.forRead(readCap, index,
                        need(r.messageCiphertext(), "message_ciphertext"),
                        EnvelopeDescriptor.of(need(r.envelopeDescriptor(), "envelope_descriptor")),
                        EnvelopeHash.of(need(r.envelopeHash(), "envelope_hash")),
                        MessageBoxIndex.of(need(r.nextMessageBoxIndex(), "next_message_box_index"))));
    }

    /**
     * Encrypts and signs {@code plaintext} for the box at {@code index} of the stream of {@code writeCap}; send it
     * with {@link #startResendingEncryptedMessage}. An <strong>empty</strong> plaintext makes a tombstone. A
     * plaintext longer than {@link #maxPlaintextPayloadLength()} is refused with
     * {@link PayloadTooLargeException} before anything is sent. Local, but needs the daemon's PKI document.
     *
     * @param plaintext the box content; empty makes a tombstone
     * @param writeCap the write cap of the stream
     * @param index the box index
     * @return a future of the encrypted message, with the {@link #defaultTimeout() default deadline}
     */
    public CompletableFuture<EncryptedMessage> encryptWrite(byte[] plaintext, WriteCap writeCap,
            MessageBoxIndex index) {
        return encryptWrite(plaintext, writeCap, index, defaultTimeout());
    }

    /**
     * {@link #encryptWrite(byte[],WriteCap,MessageBoxIndex)} with its own deadline.
     *
     * @param plaintext the box content; empty makes a tombstone
     * @param writeCap the write cap of the stream
     * @param index the box index
     * @param timeout the deadline, positive
     * @return a future of the encrypted message; it fails with {@link RequestTimeoutException} at the deadline
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public CompletableFuture<EncryptedMessage> encryptWrite(byte[] plaintext, WriteCap writeCap,
            MessageBoxIndex index, Duration timeout) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(writeCap, "writeCap");
        Objects.requireNonNull(index, "index");
        int max = maxPlaintextPayloadLength();
        if (max > 0 && plaintext.length > max) {
            throw new PayloadTooLargeException("plaintext of " + plaintext.length + " bytes exceeds the "
                    + max + "-byte MaxPlaintextPayloadLength of this mixnet's Pigeonhole geometry");
        }
        return local(ENCRYPT_WRITE, new Requests.EncryptWrite(qid(), plaintext.clone(), writeCap.raw(), index.raw()),
                Responses.EncryptWriteReply.class, timeout, r -> EncryptedMessage.forWrite(writeCap, index,
                        need(r.messageCiphertext(), "message_ciphertext"),
                        EnvelopeDescriptor.of(need(r.envelopeDescriptor(), "envelope_descriptor")),
                        EnvelopeHash.of(need(r.envelopeHash(), "envelope_hash")),
                        MessageBoxIndex.of(need(r.nextMessageBoxIndex(), "next_message_box_index"))));
    }

    // ================================================================== start/cancel resending

    /**
     * Sends an encrypted read or write through a courier, and lets the daemon resend it until there is an outcome
     * (docs/protocol.md#pigeonhole-arq), with {@link ResendOptions#DEFAULT}: a read waits for the box to be written,
     * a write
     * counts "already exists" as success.
     *
     * @param message the encrypted read or write to send
     * @return a future of the outcome: for a read the box's plaintext; the courier used, with the {@link
     *     #defaultTimeout() default deadline}
     */
    public CompletableFuture<ResendResult> startResendingEncryptedMessage(EncryptedMessage message) {
        return startResendingEncryptedMessage(message, ResendOptions.DEFAULT, defaultTimeout());
    }

    /**
     * {@link #startResendingEncryptedMessage(EncryptedMessage,ResendOptions)} with its own deadline.
     *
     * @param message the encrypted read or write to send
     * @param options how outcomes are reported ({@link ResendOptions#DEFAULT} for the usual)
     * @return a future of the outcome: for a read the box's plaintext; the courier used, with the {@link
     *     #defaultTimeout() default deadline}
     */
    public CompletableFuture<ResendResult> startResendingEncryptedMessage(EncryptedMessage message,
            ResendOptions options) {
        return startResendingEncryptedMessage(message, options, defaultTimeout());
    }

    /**
     * Sends an encrypted read or write and completes with its outcome: for a read, the box's plaintext; for a
     * write, no plaintext. Both name the courier used.
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
     * @param timeout the deadline, positive
     * @return a future of the outcome: for a read the box's plaintext; the courier used; it fails with {@link
     *     RequestTimeoutException} at the deadline
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public CompletableFuture<ResendResult> startResendingEncryptedMessage(EncryptedMessage message,
            ResendOptions options, Duration timeout) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(options, "options");
        Durations.requirePositive(timeout, "timeout");
        EnvelopeHash hash = message.envelopeHash();
        Requests.StartResendingEncryptedMessage req = new Requests.StartResendingEncryptedMessage(qid(),
                message.readCap().map(ReadCap::raw).orElse(null),
                message.writeCap().map(WriteCap::raw).orElse(null),
                message.boxIndex().raw(), null, message.envelopeDescriptor().raw(), message.rawCiphertext(),
                hash.raw(), options.noRetryOnBoxIdNotFound(), options.boxAlreadyExistsAsError());
        boolean read = message.isRead();
        // kpclientd loses a resend whose connection drops while it is queued or whose result comes back while
        // we are away, even when it resumes our session. Reads, and writes that treat an existing box as
        // success, are idempotent: send them again after every reconnect. A write that must report "box
        // already exists" would see its own first attempt, so it is re-sent only to a restarted daemon.
        Reissue reissue = read || !options.boxAlreadyExistsAsError() ? Reissue.ALWAYS : Reissue.ON_DAEMON_RESTART;
        CompletableFuture<Responses.StartResendingEncryptedMessageReply> call = session.call(req,
                Responses.StartResendingEncryptedMessageReply.class, timeout, reissue);
        return mixnet(call, r -> {
            Courier courier = courierOf(r.courierIdentityHash(), r.courierQueueId());
            if (r.errorCode() != 0) {
                throw PigeonholeErrors.resend(START_RESENDING, r.errorCode(), courier);
            }
            if (!read) {
                return new ResendResult(null, courier);
            }
            if (r.plaintext() == null) {
                throw new ProtocolViolationException(START_RESENDING
                        + "_reply for a read succeeded but carried no plaintext");
            }
            // Reported as the daemon said it: kpclientd v0.0.99 reports a tombstoned box as replica code 11 with
            // no plaintext (handled above), so a success with an empty plaintext is an empty box content, not a
            // tombstone (docs/integration.md, "Tombstones on the wire").
            return new ResendResult(r.plaintext(), courier);
        }, () -> cancelQuietly(new Requests.CancelResendingEncryptedMessage(qid(), hash.raw()),
                Responses.CancelResendingEncryptedMessageReply.class, hash));
    }

    /**
     * Asks the daemon to stop resending the message with {@code envelopeHash}. If it was still running, its start
     * future fails with {@link ResendingCancelledException}; this future completes normally whether or not the
     * daemon knew the hash (the cancel is idempotent). Local.
     *
     * @param envelopeHash the hash of the message to stop resending
     * @return a future of completion, with the {@link #defaultTimeout() default deadline}
     */
    public CompletableFuture<Void> cancelResendingEncryptedMessage(EnvelopeHash envelopeHash) {
        return cancelResendingEncryptedMessage(envelopeHash, defaultTimeout());
    }

    /**
     * {@link #cancelResendingEncryptedMessage(EnvelopeHash)} with its own deadline.
     *
     * @param envelopeHash the hash of the message to stop resending
     * @param timeout the deadline, positive
     * @return a future of completion; it fails with {@link RequestTimeoutException} at the deadline
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public CompletableFuture<Void> cancelResendingEncryptedMessage(EnvelopeHash envelopeHash, Duration timeout) {
        Objects.requireNonNull(envelopeHash, "envelopeHash");
        return local(CANCEL_RESENDING, new Requests.CancelResendingEncryptedMessage(qid(), envelopeHash.raw()),
                Responses.CancelResendingEncryptedMessageReply.class, timeout, r -> null);
    }

    // ================================================================== copy commands

    /**
     * {@link #startResendingCopyCommand(WriteCap, Courier, Duration)} through a courier the daemon picks, with the
     * default deadline.
     *
     * @param tempWriteCap the write cap of the temporary stream holding the copy stream
     * @return a future that completes when the courier reports success
     */
    public CompletableFuture<Void> startResendingCopyCommand(WriteCap tempWriteCap) {
        return startResendingCopyCommand(tempWriteCap, null, defaultTimeout());
    }

    /**
     * Asks a courier to carry out the copy stream written to the temporary stream of {@code tempWriteCap}: all
     * its destination writes happen, or none (docs/protocol.md#copy-commands). {@code courier} picks the courier;
     * null lets
     * the daemon choose one at random. Completes when the courier reports success.
     *
     * <p>Failures: {@link CopyCommandFailedException} (thin 26, with the replica reason and the failing element),
     * {@link ResendingCancelledException} (thin 24) when a cancel request ended it,
     * {@link org.katzenpost.thin.DaemonErrorException} for other codes, {@link RequestTimeoutException} at the
     * deadline, after which the command is cancelled at the daemon. Cancelling the future also cancels it.
     *
     * @param tempWriteCap the write cap of the temporary stream holding the copy stream
     * @param courier the courier to use, or null to let the daemon choose
     * @param timeout the deadline, positive
     * @return a future that completes when the courier reports success
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public CompletableFuture<Void> startResendingCopyCommand(WriteCap tempWriteCap, Courier courier,
            Duration timeout) {
        Objects.requireNonNull(tempWriteCap, "tempWriteCap");
        Durations.requirePositive(timeout, "timeout");
        WriteCapHash hash = tempWriteCap.hash();
        Requests.StartResendingCopyCommand req = new Requests.StartResendingCopyCommand(qid(), tempWriteCap.raw(),
                courier == null ? null : courier.rawIdentityHash(), courier == null ? null : courier.rawQueueId());
        CompletableFuture<Responses.StartResendingCopyCommandReply> call = session.call(req,
                Responses.StartResendingCopyCommandReply.class, timeout, Reissue.ON_DAEMON_RESTART);
        return mixnet(call, r -> {
            if (r.errorCode() != 0) {
                throw PigeonholeErrors.copy(START_COPY, r.errorCode(), r.replicaErrorCode(), r.failedEnvelopeIndex());
            }
            return (Void) null;
        }, () -> cancelQuietly(new Requests.CancelResendingCopyCommand(qid(), hash.raw()),
                Responses.CancelResendingCopyCommandReply.class, hash));
    }

    /**
     * Asks the daemon to stop the copy command identified by {@code writeCapHash} (the BLAKE2b-256 of its
     * temporary write cap). Its start future fails with {@link ResendingCancelledException}; this one completes
     * normally, also for unknown hashes. Local. Pass {@code tempWriteCap.hash()} to name it by its write cap.
     *
     * @param writeCapHash the hash of the copy command's temporary write cap ({@link WriteCap#hash()})
     * @return a future that completes once the daemon has the cancel, with the default deadline
     */
    public CompletableFuture<Void> cancelResendingCopyCommand(WriteCapHash writeCapHash) {
        return cancelResendingCopyCommand(writeCapHash, defaultTimeout());
    }

    /**
     * {@link #cancelResendingCopyCommand(WriteCapHash)} with its own deadline.
     *
     * @param writeCapHash the hash of the copy command's temporary write cap
     * @param timeout the deadline, positive
     * @return a future of completion; it fails with {@link RequestTimeoutException} at the deadline
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public CompletableFuture<Void> cancelResendingCopyCommand(WriteCapHash writeCapHash, Duration timeout) {
        Objects.requireNonNull(writeCapHash, "writeCapHash");
        return local(CANCEL_COPY, new Requests.CancelResendingCopyCommand(qid(), writeCapHash.raw()),
                Responses.CancelResendingCopyCommandReply.class, timeout, r -> null);
    }

    // ================================================================== index helpers

    /** The index after {@code index} (one HKDF step; there is no way back). Local.
     *
     * @param index the box index
     * @return a future of the next index, with the {@link #defaultTimeout() default deadline}
     */
    public CompletableFuture<MessageBoxIndex> nextMessageBoxIndex(MessageBoxIndex index) {
        return nextMessageBoxIndex(index, defaultTimeout());
    }

    /**
     * {@link #nextMessageBoxIndex(MessageBoxIndex)} with its own deadline.
     *
     * @param index the box index
     * @param timeout the deadline, positive
     * @return a future of the next index; it fails with {@link RequestTimeoutException} at the deadline
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public CompletableFuture<MessageBoxIndex> nextMessageBoxIndex(MessageBoxIndex index, Duration timeout) {
        Objects.requireNonNull(index, "index");
        return local(Requests.NextMessageBoxIndex.KEY, new Requests.NextMessageBoxIndex(qid(), index.raw()),
                Responses.NextMessageBoxIndexReply.class, timeout,
                r -> MessageBoxIndex.of(need(r.nextMessageBoxIndex(), "next_message_box_index")));
    }

    /**
     * The daemon's reading of the index counter ({@code Idx64}, an unsigned 64-bit number in a long's bits; see
     * {@link MessageBoxIndex#counter()} for the same value read locally). Local.
     *
     * @param index the box index
     * @return a future of the counter (an unsigned 64-bit number in a long's bits), with the {@link #defaultTimeout()
     *     default deadline}
     */
    public CompletableFuture<Long> getMessageBoxIndexCounter(MessageBoxIndex index) {
        return getMessageBoxIndexCounter(index, defaultTimeout());
    }

    /**
     * {@link #getMessageBoxIndexCounter(MessageBoxIndex)} with its own deadline.
     *
     * @param index the box index
     * @param timeout the deadline, positive
     * @return a future of the counter (an unsigned 64-bit number in a long's bits); it fails with {@link
     *     RequestTimeoutException} at the deadline
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public CompletableFuture<Long> getMessageBoxIndexCounter(MessageBoxIndex index, Duration timeout) {
        Objects.requireNonNull(index, "index");
        return local(Requests.GetMessageBoxIndexCounter.KEY,
                new Requests.GetMessageBoxIndexCounter(qid(), index.raw()),
                Responses.GetMessageBoxIndexCounterReply.class, timeout, r -> r.counter());
    }

    // ================================================================== copy-stream builders

    /**
     * Cuts {@code payload} (at most {@value #MAX_COPY_PAYLOAD_LENGTH} bytes) into box-sized chunks, encrypts each
     * as a write to the destination stream from {@code destStartIndex} on, and packs the writes into copy-stream
     * elements (docs/protocol.md#copy-commands). {@code isStart} marks the first element as the start of a copy stream;
     * {@code isLast} marks the last one as final. The call flushes, so the result's buffer is always empty; pass
     * its {@link CourierEnvelopes#nextDestIndex()} to the next call for the same destination. Local, needs the
     * PKI document.
     *
     * @param payload the bytes to cut into boxes, at most {@value #MAX_COPY_PAYLOAD_LENGTH}
     * @param destWriteCap the write cap of the destination stream
     * @param destStartIndex the first destination box
     * @param isStart whether the first element starts a copy stream
     * @param isLast whether the last element ends the copy stream
     * @return a future of the copy-stream elements, with the {@link #defaultTimeout() default deadline}
     */
    public CompletableFuture<CourierEnvelopes> createCourierEnvelopesFromPayload(byte[] payload,
            WriteCap destWriteCap, MessageBoxIndex destStartIndex, boolean isStart, boolean isLast) {
        return createCourierEnvelopesFromPayload(payload, destWriteCap, destStartIndex, isStart, isLast,
                defaultTimeout());
    }

    /**
     * {@link #createCourierEnvelopesFromPayload(byte[],WriteCap,MessageBoxIndex,boolean,boolean)} with its own
     * deadline.
     *
     * @param payload the bytes to cut into boxes, at most {@value #MAX_COPY_PAYLOAD_LENGTH}
     * @param destWriteCap the write cap of the destination stream
     * @param destStartIndex the first destination box
     * @param isStart whether the first element starts a copy stream
     * @param isLast whether the last element ends the copy stream
     * @param timeout the deadline, positive
     * @return a future of the copy-stream elements; it fails with {@link RequestTimeoutException} at the deadline
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public CompletableFuture<CourierEnvelopes> createCourierEnvelopesFromPayload(byte[] payload,
            WriteCap destWriteCap, MessageBoxIndex destStartIndex, boolean isStart, boolean isLast,
            Duration timeout) {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(destWriteCap, "destWriteCap");
        Objects.requireNonNull(destStartIndex, "destStartIndex");
        checkCopyPayload(payload.length, "payload");
        return local(Requests.CreateCourierEnvelopesFromPayload.KEY,
                new Requests.CreateCourierEnvelopesFromPayload(qid(), payload.clone(), destWriteCap.raw(),
                        destStartIndex.raw(), isStart, isLast),
                Responses.CreateCourierEnvelopesFromPayloadReply.class, timeout,
                r -> new CourierEnvelopes(envelopes(r.envelopes()), CopyStreamBuffer.EMPTY,
                        List.of(MessageBoxIndex.of(need(r.nextDestIndex(), "next_dest_index")))));
    }

    /**
     * Packs several destinations into one copy stream (wire request {@code
     * create_courier_envelopes_from_multi_payload};
     * Go's {@code CreateCourierEnvelopesFromPayloads}). With {@code isLast} false the daemon keeps the residue of
     * the last element in the result's {@link CourierEnvelopes#buffer()} instead of flushing it: pass that buffer
     * to the next call of the same stream ({@link CopyStreamBuffer#EMPTY} on the first). The result's
     * {@link CourierEnvelopes#nextDestIndices()} continue each destination, in order. Local, needs the PKI
     * document.
     *
     * @param destinations the destinations, in order, not empty
     * @param isStart whether the first element starts a copy stream
     * @param isLast whether the last element ends the copy stream
     * @param buffer the previous call's residue, or {@link CopyStreamBuffer#EMPTY} (null reads as empty)
     * @return a future of the copy-stream elements, with the {@link #defaultTimeout() default deadline}
     */
    public CompletableFuture<CourierEnvelopes> createCourierEnvelopesFromPayloads(List<CopyDestination> destinations,
            boolean isStart, boolean isLast, CopyStreamBuffer buffer) {
        return createCourierEnvelopesFromPayloads(destinations, isStart, isLast, buffer, defaultTimeout());
    }

    /**
     * {@link #createCourierEnvelopesFromPayloads(List,boolean,boolean,CopyStreamBuffer)} with its own deadline.
     *
     * @param destinations the destinations, in order, not empty
     * @param isStart whether the first element starts a copy stream
     * @param isLast whether the last element ends the copy stream
     * @param buffer the previous call's residue, or {@link CopyStreamBuffer#EMPTY} (null reads as empty)
     * @param timeout the deadline, positive
     * @return a future of the copy-stream elements; it fails with {@link RequestTimeoutException} at the deadline
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public CompletableFuture<CourierEnvelopes> createCourierEnvelopesFromPayloads(List<CopyDestination> destinations,
            boolean isStart, boolean isLast, CopyStreamBuffer buffer, Duration timeout) {
        Objects.requireNonNull(destinations, "destinations");
        if (destinations.isEmpty()) {
            throw new IllegalArgumentException("destinations must not be empty");
        }
        List<EnvelopeDestination> wire = new ArrayList<>(destinations.size());
        for (CopyDestination d : destinations) {
            Objects.requireNonNull(d, "destination");
            checkCopyPayload(d.rawPayload().length, "destination payload");
            wire.add(new EnvelopeDestination(d.rawPayload(), d.writeCap().raw(), d.startIndex().raw()));
        }
        CopyStreamBuffer buf = buffer == null ? CopyStreamBuffer.EMPTY : buffer;
        int n = destinations.size();
        return local(Requests.CreateCourierEnvelopesFromMultiPayload.KEY,
                new Requests.CreateCourierEnvelopesFromMultiPayload(qid(), wire, isStart, isLast,
                        buf.isEmpty() ? null : buf.raw()),
                Responses.CreateCourierEnvelopesFromMultiPayloadReply.class, timeout, r -> {
                    List<byte[]> next = need(r.nextDestIndices(), "next_dest_indices");
                    if (next.size() != n) {
                        throw new ProtocolViolationException("create_courier_envelopes_from_multi_payload_reply has "
                                + next.size() + " next indices for " + n + " destinations");
                    }
                    List<MessageBoxIndex> indices = new ArrayList<>(n);
                    for (byte[] b : next) {
                        indices.add(MessageBoxIndex.of(b));
                    }
                    return new CourierEnvelopes(envelopes(r.envelopes()), CopyStreamBuffer.of(r.buffer()), indices);
                });
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
     * @return a future of the copy-stream elements, with the {@link #defaultTimeout() default deadline}
     */
    public CompletableFuture<CourierEnvelopes> createCourierEnvelopesFromTombstoneRange(WriteCap destWriteCap,
            MessageBoxIndex destStartIndex, long maxCount, boolean isStart, boolean isLast, CopyStreamBuffer buffer) {
        return createCourierEnvelopesFromTombstoneRange(destWriteCap, destStartIndex, maxCount, isStart, isLast,
                buffer, defaultTimeout());
    }

    /**
     * {@link
     * #createCourierEnvelopesFromTombstoneRange(WriteCap,MessageBoxIndex,long,boolean,boolean,CopyStreamBuffer)} with
     * its own deadline.
     *
     * @param destWriteCap the write cap of the destination stream
     * @param destStartIndex the first destination box
     * @param maxCount how many boxes to tombstone
     * @param isStart whether the first element starts a copy stream
     * @param isLast whether the last element ends the copy stream
     * @param buffer the previous call's residue, or {@link CopyStreamBuffer#EMPTY} (null reads as empty)
     * @param timeout the deadline, positive
     * @return a future of the copy-stream elements; it fails with {@link RequestTimeoutException} at the deadline
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public CompletableFuture<CourierEnvelopes> createCourierEnvelopesFromTombstoneRange(WriteCap destWriteCap,
            MessageBoxIndex destStartIndex, long maxCount, boolean isStart, boolean isLast, CopyStreamBuffer buffer,
            Duration timeout) {
        Objects.requireNonNull(destWriteCap, "destWriteCap");
        Objects.requireNonNull(destStartIndex, "destStartIndex");
        if (maxCount < 0 || maxCount > WireSizes.MAX_COUNT_MAX) {
            throw new IllegalArgumentException("maxCount must be 0 to " + WireSizes.MAX_COUNT_MAX + ", got " + maxCount);
        }
        CopyStreamBuffer buf = buffer == null ? CopyStreamBuffer.EMPTY : buffer;
        return local(Requests.CreateCourierEnvelopesFromTombstoneRange.KEY,
                new Requests.CreateCourierEnvelopesFromTombstoneRange(qid(), destWriteCap.raw(), destStartIndex.raw(),
                        maxCount, isStart, isLast, buf.isEmpty() ? null : buf.raw()),
                Responses.CreateCourierEnvelopesFromTombstoneRangeReply.class, timeout,
                r -> new CourierEnvelopes(envelopes(r.envelopes()), CopyStreamBuffer.of(r.buffer()),
                        List.of(MessageBoxIndex.of(need(r.nextDestIndex(), "next_dest_index")))));
    }

    // ================================================================== tombstone range (client side)

    /**
     * Tombstones {@code count} boxes of the stream of {@code writeCap}, from {@code start} on, one after the other:
     * for each box an {@code encrypt_write} with an empty plaintext, then a write
     * {@code start_resending_encrypted_message}. The deadline covers the whole range. Completes with the count and
     * the index after the last box. When a box fails, the future fails with {@link TombstoneRangeException},
     * which says how many boxes were done and where to continue (the failure is its cause). Cancelling the
     * future cancels the box in flight. For many boxes, a copy command with
     * {@link #createCourierEnvelopesFromTombstoneRange} is atomic and cheaper.
     *
     * @param writeCap the write cap of the stream
     * @param start the first box
     * @param count how many boxes, not negative
     * @return a future of how many boxes were tombstoned and the next index, with the {@link #defaultTimeout()
     *     default deadline}
     */
    public CompletableFuture<TombstoneRangeResult> tombstoneRange(WriteCap writeCap, MessageBoxIndex start, int count) {
        return tombstoneRange(writeCap, start, count, defaultTimeout());
    }

    /**
     * {@link #tombstoneRange(WriteCap,MessageBoxIndex,int)} with its own deadline.
     *
     * @param writeCap the write cap of the stream
     * @param start the first box
     * @param count how many boxes, not negative
     * @param timeout the deadline, positive
     * @return a future of how many boxes were tombstoned and the next index; it fails with {@link
     *     RequestTimeoutException} at the deadline
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public CompletableFuture<TombstoneRangeResult> tombstoneRange(WriteCap writeCap, MessageBoxIndex start, int count,
            Duration timeout) {
        Objects.requireNonNull(writeCap, "writeCap");
        Objects.requireNonNull(start, "start");
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
        long deadline = System.nanoTime() + Durations.requirePositive(timeout, "timeout").toNanos();
        CompletableFuture<TombstoneRangeResult> out = new CompletableFuture<>();
        AtomicReference<CompletableFuture<?>> inFlight = new AtomicReference<>();
        out.whenComplete((r, t) -> {
            CompletableFuture<?> f = inFlight.get();
            if (out.isCancelled() && f != null) {
                f.cancel(false);
            }
        });
        tombstoneStep(writeCap, start, 0, count, deadline, timeout, out, inFlight);
        return out;
    }

    private void tombstoneStep(WriteCap writeCap, MessageBoxIndex index, int done, int count, long deadline,
            Duration timeout, CompletableFuture<TombstoneRangeResult> out,
            AtomicReference<CompletableFuture<?>> inFlight) {
        if (out.isDone()) {
            return;
        }
        if (done == count) {
            out.complete(new TombstoneRangeResult(done, index));
            return;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            out.completeExceptionally(new TombstoneRangeException(new TombstoneRangeResult(done, index), count,
                    new RequestTimeoutException("tombstoneRange did not finish within " + timeout)));
            return;
        }
        CompletableFuture<EncryptedMessage> enc;
        try {
            enc = encryptWrite(new byte[0], writeCap, index, Duration.ofNanos(left));
        } catch (RuntimeException e) {
            out.completeExceptionally(new TombstoneRangeException(new TombstoneRangeResult(done, index), count, e));
            return;
        }
        inFlight.set(enc);
        enc.whenComplete((m, t) -> {
            if (t != null) {
                out.completeExceptionally(new TombstoneRangeException(new TombstoneRangeResult(done, index), count,
                        PigeonholeErrors.unwrap(t)));
                return;
            }
            long rest = Math.max(1, deadline - System.nanoTime());
            CompletableFuture<ResendResult> send = startResendingEncryptedMessage(m, ResendOptions.DEFAULT,
                    Duration.ofNanos(rest));
            inFlight.set(send);
            if (out.isCancelled()) {
                send.cancel(false);
                return;
            }
            send.whenComplete((r, t2) -> {
                if (t2 != null) {
                    out.completeExceptionally(new TombstoneRangeException(new TombstoneRangeResult(done, index),
                            count, PigeonholeErrors.unwrap(t2)));
                } else {
                    tombstoneStep(writeCap, m.nextIndex(), done + 1, count, deadline, timeout, out, inFlight);
                }
            });
        });
    }

    // ================================================================== contact vouchers

    /**
     * Joiner: mints a contact voucher for the stream of {@code messageWriteCap}, under {@code displayName}.
     * Local (daemon ≥ v0.0.80; older daemons never answer, so the call times out).
     *
     * @param messageWriteCap the write cap of the joiner's message stream
     * @param displayName the joiner's name
     * @return a future of the voucher and its secrets, with the {@link #defaultTimeout() default deadline}
     */
    public CompletableFuture<MintedVoucher> voucherMint(WriteCap messageWriteCap, String displayName) {
        return voucherMint(messageWriteCap, displayName, defaultTimeout());
    }

    /**
     * {@link #voucherMint(WriteCap,String)} with its own deadline.
     *
     * @param messageWriteCap the write cap of the joiner's message stream
     * @param displayName the joiner's name
     * @param timeout the deadline, positive
     * @return a future of the voucher and its secrets; it fails with {@link RequestTimeoutException} at the deadline
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public CompletableFuture<MintedVoucher> voucherMint(WriteCap messageWriteCap, String displayName,
            Duration timeout) {
        Objects.requireNonNull(messageWriteCap, "messageWriteCap");
        Objects.requireNonNull(displayName, "displayName");
        return local(Requests.VoucherMint.KEY, new Requests.VoucherMint(qid(), messageWriteCap.raw(), displayName),
                Responses.VoucherMintReply.class, timeout, r -> new MintedVoucher(
                        Voucher.of(need(r.voucher(), "voucher")),
                        need(r.voucherPayload(), "voucher_payload"),
                        WriteCap.of(need(r.voucherWriteCap(), "voucher_write_cap")),
                        ReadCap.of(need(r.voucherReadCap(), "voucher_read_cap")),
                        VoucherSecretKey.of(need(r.voucherSecretKey(), "voucher_secret_key")),
                        need(r.voucherPublicKey(), "voucher_public_key")));
    }

    /**
     * Inductor: checks the joiner's {@code voucherPayload} (read from box 0 of the voucher stream) against
     * {@code voucher}, and seals {@code whoReply} (opaque to the daemon) to the joiner. Thin codes 28 (hash
     * mismatch), 29 (bad signature) and 3 (malformed input) fail it as {@link
     * org.katzenpost.thin.DaemonErrorException}.
     * Local.
     *
     * @param voucher the contact voucher
     * @param voucherPayload the joiner's payload from box 0 of the voucher stream
     * @param whoReply the inductor's reply, opaque to the daemon
     * @return a future of the induction, with the {@link #defaultTimeout() default deadline}
     */
    public CompletableFuture<VoucherInduction> voucherInduct(Voucher voucher, byte[] voucherPayload, byte[] whoReply) {
        return voucherInduct(voucher, voucherPayload, whoReply, defaultTimeout());
    }

    /**
     * {@link #voucherInduct(Voucher,byte[],byte[])} with its own deadline.
     *
     * @param voucher the contact voucher
     * @param voucherPayload the joiner's payload from box 0 of the voucher stream
     * @param whoReply the inductor's reply, opaque to the daemon
     * @param timeout the deadline, positive
     * @return a future of the induction; it fails with {@link RequestTimeoutException} at the deadline
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public CompletableFuture<VoucherInduction> voucherInduct(Voucher voucher, byte[] voucherPayload, byte[] whoReply,
            Duration timeout) {
        Objects.requireNonNull(voucher, "voucher");
        Objects.requireNonNull(voucherPayload, "voucherPayload");
        Objects.requireNonNull(whoReply, "whoReply");
        return local(Requests.VoucherInduct.KEY,
                new Requests.VoucherInduct(qid(), voucher.raw(), voucherPayload.clone(), whoReply.clone()),
                Responses.VoucherInductReply.class, timeout, r -> new VoucherInduction(
                        need(r.displayName(), "display_name"),
                        ReadCap.of(need(r.mutatedMessageReadCap(), "mutated_message_read_cap")),
                        need(r.sealedReply(), "sealed_reply"),
                        WriteCap.of(need(r.voucherWriteCap(), "voucher_write_cap")),
                        ReadCap.of(need(r.voucherReadCap(), "voucher_read_cap")),
                        need(r.salt(), "salt")));
    }

    /**
     * Joiner: opens the inductor's {@code sealedReply} (read from box 1 of the voucher stream) with the key from
     * {@link #voucherMint}, and mutates {@code messageWriteCap} by the salt. Thin code 30 (seal could not be
     * opened) and 3 fail it as {@link org.katzenpost.thin.DaemonErrorException}. Local.
     *
     * @param voucherSecretKey the key from the mint
     * @param sealedReply the inductor's sealed reply from box 1 of the voucher stream
     * @param messageWriteCap the write cap of the joiner's message stream
     * @return a future of the opened voucher, with the {@link #defaultTimeout() default deadline}
     */
    public CompletableFuture<OpenedVoucher> voucherOpen(VoucherSecretKey voucherSecretKey, byte[] sealedReply,
            WriteCap messageWriteCap) {
        return voucherOpen(voucherSecretKey, sealedReply, messageWriteCap, defaultTimeout());
    }

    /**
     * {@link #voucherOpen(VoucherSecretKey,byte[],WriteCap)} with its own deadline.
     *
     * @param voucherSecretKey the key from the mint
     * @param sealedReply the inductor's sealed reply from box 1 of the voucher stream
     * @param messageWriteCap the write cap of the joiner's message stream
     * @param timeout the deadline, positive
     * @return a future of the opened voucher; it fails with {@link RequestTimeoutException} at the deadline
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public CompletableFuture<OpenedVoucher> voucherOpen(VoucherSecretKey voucherSecretKey, byte[] sealedReply,
            WriteCap messageWriteCap, Duration timeout) {
        Objects.requireNonNull(voucherSecretKey, "voucherSecretKey");
        Objects.requireNonNull(sealedReply, "sealedReply");
        Objects.requireNonNull(messageWriteCap, "messageWriteCap");
        return local(Requests.VoucherOpen.KEY,
                new Requests.VoucherOpen(qid(), voucherSecretKey.raw(), sealedReply.clone(), messageWriteCap.raw()),
                Responses.VoucherOpenReply.class, timeout, r -> new OpenedVoucher(
                        need(r.whoReply(), "who_reply"), need(r.salt(), "salt"),
                        WriteCap.of(need(r.mutatedMessageWriteCap(), "mutated_message_write_cap"))));
    }

    /** Inductor: the voucher stream's caps, to read the joiner's payload from box 0. Local, cheap.
     *
     * @param voucher the contact voucher
     * @return a future of the voucher stream's caps, with the {@link #defaultTimeout() default deadline}
     */
    public CompletableFuture<VoucherStream> voucherDeriveStream(Voucher voucher) {
        return voucherDeriveStream(voucher, defaultTimeout());
    }

    /**
     * {@link #voucherDeriveStream(Voucher)} with its own deadline.
     *
     * @param voucher the contact voucher
     * @param timeout the deadline, positive
     * @return a future of the voucher stream's caps; it fails with {@link RequestTimeoutException} at the deadline
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public CompletableFuture<VoucherStream> voucherDeriveStream(Voucher voucher, Duration timeout) {
        Objects.requireNonNull(voucher, "voucher");
        return local(Requests.VoucherDeriveStream.KEY, new Requests.VoucherDeriveStream(qid(), voucher.raw()),
                Responses.VoucherDeriveStreamReply.class, timeout, r -> new VoucherStream(
                        WriteCap.of(need(r.voucherWriteCap(), "voucher_write_cap")),
                        ReadCap.of(need(r.voucherReadCap(), "voucher_read_cap"))));
    }

    // ================================================================== channels

    /** A fresh channel (a new stream from a random seed), as a state holding both caps and the first index.
     *
     * @return a future of the new channel's state (secret), with the {@link #defaultTimeout() default deadline}
     */
    public CompletableFuture<ChannelState> createChannel() {
        return createChannel(defaultTimeout());
    }

    /**
     * {@link #createChannel()} with its own deadline.
     *
     * @param timeout the deadline, positive
     * @return a future of the new channel's state (secret); it fails with {@link RequestTimeoutException} at the
     *     deadline
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public CompletableFuture<ChannelState> createChannel(Duration timeout) {
        return newKeypair(randomSeed(), timeout).thenApply(ChannelState::of);
    }

    /**
     * A writer for the channel of {@code state}, which must hold a write cap
     * (docs/pigeonhole.md#the-channel-format).
     *
     * @param state the channel's state, e.g. from {@link #createChannel()}
     * @return a new writer over this client
     * @throws NullPointerException if {@code state} is null
     * @throws IllegalArgumentException if {@code state} holds no write cap
     */
    public ChannelWriter channelWriter(ChannelState state) {
        return new ChannelWriter(this, state);
    }

    /**
     * A reader for the channel of {@code state}, which must hold a read cap
     * (docs/pigeonhole.md#the-channel-format).
     *
     * @param state the channel's state, e.g. a writer's state shared with its read cap
     * @return a new reader over this client
     * @throws NullPointerException if {@code state} is null
     * @throws IllegalArgumentException if {@code state} holds no read cap
     */
    public ChannelReader channelReader(ChannelState state) {
        return new ChannelReader(this, state);
    }

    // ================================================================== plumbing

    private static byte[] qid() {
        return QueryId.random().toBytes();
    }

    private static void checkCopyPayload(int length, String what) {
        if (length > MAX_COPY_PAYLOAD_LENGTH) {
            throw new PayloadTooLargeException(what + " of " + length + " bytes exceeds the daemon's "
                    + MAX_COPY_PAYLOAD_LENGTH + "-byte limit per copy-stream call");
        }
    }

    /** A reply field that must be present on success. */
    private static <T> T need(T value, String field) {
        if (value == null) {
            throw new ProtocolViolationException("kpclientd reported success but sent no " + field);
        }
        return value;
    }

    private static List<byte[]> envelopes(List<byte[]> wire) {
        return wire == null ? List.of() : wire;
    }

    private static Courier courierOf(byte[] identityHash, byte[] queueId) {
        if (identityHash == null || identityHash.length != WireSizes.HASH || queueId == null || queueId.length == 0
                || queueId.length > WireSizes.RECIPIENT_QUEUE_ID_MAX) {
            return null;
        }
        return Courier.of(identityHash, queueId);
    }

    /**
     * A local request: its reply's non-zero code becomes an exception, a success goes through {@code onSuccess}
     * (whose size checks turn into {@link ProtocolViolationException}). Cancelling the result forgets the request.
     */
    private <R extends QueryReply, T> CompletableFuture<T> local(String operation, QueryRequest request,
            Class<R> replyType, Duration timeout, Function<R, T> onSuccess) {
        Durations.requirePositive(timeout, "timeout");
        CompletableFuture<R> call = session.call(request, replyType, timeout, Reissue.ALWAYS);
        CompletableFuture<T> out = new CompletableFuture<>();
        call.whenComplete((r, t) -> {
            if (t != null) {
                out.completeExceptionally(PigeonholeErrors.unwrap(t));
                return;
            }
            if (r.errorCode() != 0) {
                out.completeExceptionally(PigeonholeErrors.thin(operation, r.errorCode()));
                return;
            }
            try {
                out.complete(onSuccess.apply(r));
            } catch (IllegalArgumentException e) {
                out.completeExceptionally(new ProtocolViolationException(
                        r.wireKey() + " from kpclientd is malformed: " + e.getMessage(), e));
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
            }
        });
        out.whenComplete((r, t) -> {
            if (out.isCancelled()) {
                call.cancel(false);
            }
        });
        return out;
    }

    /**
     * A mixnet operation the daemon keeps resending: maps the reply, and sends the cancel request when the caller
     * cancels the result or its deadline passes.
     */
    private <R, T> CompletableFuture<T> mixnet(CompletableFuture<R> call, Function<R, T> map, Runnable sendCancel) {
        CompletableFuture<T> out = new CompletableFuture<>();
        call.whenComplete((r, t) -> {
            if (t != null) {
                Throwable cause = PigeonholeErrors.unwrap(t);
                if (cause instanceof RequestTimeoutException) {
                    sendCancel.run();
                }
                out.completeExceptionally(cause);
                return;
            }
            try {
                out.complete(map.apply(r));
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
            }
        });
        out.whenComplete((r, t) -> {
            if (out.isCancelled() && call.cancel(false)) {
                sendCancel.run();
            }
        });
        return out;
    }

    /** Best effort: a failed cancel is logged at DEBUG, since the caller has already moved on. */
    private <R extends QueryReply> void cancelQuietly(QueryRequest cancel, Class<R> replyType, Object id) {
        if (session.isClosed()) {
            return; // thin_close already dropped every operation of the session at the daemon
        }
        try {
            session.call(cancel, replyType, defaultTimeout(), Reissue.ALWAYS).whenComplete((r, t) -> {
                if (t != null) {
                    log.debug("{} for {} failed: {}", cancel.wireKey(), id, PigeonholeErrors.unwrap(t).toString());
                } else {
                    log.debug("{} for {} done (code {})", cancel.wireKey(), id, r.errorCode());
                }
            });
        } catch (RuntimeException e) {
            log.debug("could not send {} for {}: {}", cancel.wireKey(), id, e.toString());
        }
    }
}
