package org.katzenpost.thin.pigeonhole;

import java.time.Duration;
import java.util.List;
import org.katzenpost.thin.PayloadTooLargeException;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.ThinClientException;
import org.katzenpost.thin.internal.Futures;

/**
 * The blocking view of a {@link PigeonholeClient}, from {@link PigeonholeClient#sync()}: every call of the client
 * under the same name and with the same parameters, waiting for the result instead of returning a future
 * (docs/api.md, "Asynchronous first, one blocking view"). A call waits at most for the view's deadline
 * ({@link PigeonholeClient#timeout()}; another one with {@link #withTimeout(Duration)}) and throws the
 * {@link ThinClientException} the future would fail with, never {@link java.util.concurrent.ExecutionException}:
 * {@link RequestTimeoutException} at the deadline, a {@link org.katzenpost.thin.DaemonErrorException} or
 * {@link ReplicaErrorException} for the daemon's codes. Bad arguments are thrown as by the asynchronous call. An
 * interrupt cancels the call (for the {@code startResending*} calls, {@code readBox} and {@code tombstoneRange}, at
 * the daemon too) and throws {@link ThinClientException} with the thread's interrupt flag set. Thread-safe.
 */
public final class PigeonholeSync {
    private final PigeonholeClient ph;

    PigeonholeSync(PigeonholeClient ph) {
        this.ph = ph;
    }

    /**
     * The asynchronous client this view belongs to.
     *
     * @return the client, with the same deadline
     */
    public PigeonholeClient async() {
        return ph;
    }

    /**
     * The blocking view of {@link PigeonholeClient#withTimeout(Duration)}: every call waits at most {@code timeout};
     * this view is unchanged.
     *
     * @param timeout the deadline of each call of the new view, positive
     * @return a new blocking view over the same connection
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws NullPointerException if {@code timeout} is null
     */
    public PigeonholeSync withTimeout(Duration timeout) {
        return ph.withTimeout(timeout).sync();
    }

    /**
     * Blocking {@link PigeonholeClient#newKeypair(byte[])}.
     *
     * @param seed the {@value PigeonholeClient#SEED_LENGTH}-byte secret seed of the stream
     * @return the stream's caps and first index
     * @throws IllegalArgumentException if {@code seed} is not {@value PigeonholeClient#SEED_LENGTH} bytes
     * @throws ThinClientException the future's failure, e.g. {@link RequestTimeoutException} at the deadline
     */
    public Keypair newKeypair(byte[] seed) {
        return Futures.awaitCall(() -> ph.newKeypair(seed));
    }

    /**
     * Blocking {@link PigeonholeClient#encryptRead(ReadCap,MessageBoxIndex)}.
     *
     * @param readCap the read cap of the stream
     * @param index the box index
     * @return the encrypted message
     * @throws NullPointerException if an argument is null
     * @throws ThinClientException the future's failure, e.g. {@link RequestTimeoutException} at the deadline
     */
    public EncryptedMessage encryptRead(ReadCap readCap, MessageBoxIndex index) {
        return Futures.awaitCall(() -> ph.encryptRead(readCap, index));
    }

    /**
     * Blocking {@link PigeonholeClient#encryptWrite(byte[],WriteCap,MessageBoxIndex)}.
     *
     * @param plaintext the box content; empty makes a tombstone
     * @param writeCap the write cap of the stream
     * @param index the box index
     * @return the encrypted message
     * @throws PayloadTooLargeException if {@code plaintext} is longer than {@link PigeonholeClient#maxPlaintextPayloadLength()}
     *     (nothing is sent)
     * @throws ThinClientException the future's failure, e.g. {@link RequestTimeoutException} at the deadline
     */
    public EncryptedMessage encryptWrite(byte[] plaintext, WriteCap writeCap, MessageBoxIndex index) {
        return Futures.awaitCall(() -> ph.encryptWrite(plaintext, writeCap, index));
    }

    /**
     * Blocking {@link PigeonholeClient#startResendingEncryptedMessage(EncryptedMessage)}.
     *
     * @param message the encrypted read or write to send
     * @return the outcome: for a read the box's plaintext; the courier used
     * @throws NullPointerException if {@code message} is null
     * @throws ThinClientException the future's failure, e.g. {@link RequestTimeoutException} at the deadline
     */
    public ResendResult startResendingEncryptedMessage(EncryptedMessage message) {
        return Futures.awaitCall(() -> ph.startResendingEncryptedMessage(message));
    }

    /**
     * Blocking {@link PigeonholeClient#startResendingEncryptedMessage(EncryptedMessage,ResendOptions)}.
     *
     * @param message the encrypted read or write to send
     * @param options how outcomes are reported ({@link ResendOptions#DEFAULT} for the usual)
     * @return the outcome: for a read the box's plaintext; the courier used
     * @throws NullPointerException if an argument is null
     * @throws ThinClientException the future's failure, e.g. {@link RequestTimeoutException} at the deadline
     */
    public ResendResult startResendingEncryptedMessage(EncryptedMessage message, ResendOptions options) {
        return Futures.awaitCall(() -> ph.startResendingEncryptedMessage(message, options));
    }

    /**
     * Blocking {@link PigeonholeClient#readBox(ReadCap,MessageBoxIndex)}: waits for the box to be written, until
     * the view's deadline, with a fresh envelope every {@link PigeonholeClient#READ_ROUND}.
     *
     * @param readCap the read cap of the stream
     * @param index the box index
     * @return the box's plaintext and the courier that read it
     * @throws NullPointerException if an argument is null
     * @throws ReplicaErrorException with {@link ReplicaErrorCode#TOMBSTONE} for a tombstoned box
     * @throws ThinClientException the future's failure, e.g. {@link RequestTimeoutException} at the deadline
     */
    public ResendResult readBox(ReadCap readCap, MessageBoxIndex index) {
        return Futures.awaitCall(() -> ph.readBox(readCap, index));
    }

    /**
     * Blocking {@link PigeonholeClient#cancelResendingEncryptedMessage(EnvelopeHash)}.
     *
     * @param envelopeHash the hash of the message to stop resending
     * @throws NullPointerException if {@code envelopeHash} is null
     * @throws ThinClientException the future's failure, e.g. {@link RequestTimeoutException} at the deadline
     */
    public void cancelResendingEncryptedMessage(EnvelopeHash envelopeHash) {
        Futures.awaitCall(() -> ph.cancelResendingEncryptedMessage(envelopeHash));
    }

    /**
     * Blocking {@link PigeonholeClient#startResendingCopyCommand(WriteCap)}.
     *
     * @param tempWriteCap the write cap of the temporary stream holding the copy stream
     * @throws NullPointerException if {@code tempWriteCap} is null
     * @throws ThinClientException the future's failure, e.g. {@link RequestTimeoutException} at the deadline
     */
    public void startResendingCopyCommand(WriteCap tempWriteCap) {
        Futures.awaitCall(() -> ph.startResendingCopyCommand(tempWriteCap));
    }

    /**
     * Blocking {@link PigeonholeClient#startResendingCopyCommand(WriteCap,Courier)}.
     *
     * @param tempWriteCap the write cap of the temporary stream holding the copy stream
     * @param courier the courier to use, or null to let the daemon choose
     * @throws NullPointerException if {@code tempWriteCap} is null
     * @throws ThinClientException the future's failure, e.g. {@link RequestTimeoutException} at the deadline
     */
    public void startResendingCopyCommand(WriteCap tempWriteCap, Courier courier) {
        Futures.awaitCall(() -> ph.startResendingCopyCommand(tempWriteCap, courier));
    }

    /**
     * Blocking {@link PigeonholeClient#cancelResendingCopyCommand(WriteCapHash)}.
     *
     * @param writeCapHash the hash of the copy command's temporary write cap
     * @throws NullPointerException if {@code writeCapHash} is null
     * @throws ThinClientException the future's failure, e.g. {@link RequestTimeoutException} at the deadline
     */
    public void cancelResendingCopyCommand(WriteCapHash writeCapHash) {
        Futures.awaitCall(() -> ph.cancelResendingCopyCommand(writeCapHash));
    }

    /**
     * Blocking {@link PigeonholeClient#nextMessageBoxIndex(MessageBoxIndex)}.
     *
     * @param index the box index
     * @return the next index
     * @throws NullPointerException if {@code index} is null
     * @throws ThinClientException the future's failure, e.g. {@link RequestTimeoutException} at the deadline
     */
    public MessageBoxIndex nextMessageBoxIndex(MessageBoxIndex index) {
        return Futures.awaitCall(() -> ph.nextMessageBoxIndex(index));
    }

    /**
     * Blocking {@link PigeonholeClient#getMessageBoxIndexCounter(MessageBoxIndex)}.
     *
     * @param index the box index
     * @return the counter (an unsigned 64-bit number in a long's bits)
     * @throws NullPointerException if {@code index} is null
     * @throws ThinClientException the future's failure, e.g. {@link RequestTimeoutException} at the deadline
     */
    public long getMessageBoxIndexCounter(MessageBoxIndex index) {
        return Futures.awaitCall(() -> ph.getMessageBoxIndexCounter(index));
    }

    /**
     * Blocking {@link
     * PigeonholeClient#createCourierEnvelopesFromPayload(byte[],WriteCap,MessageBoxIndex,boolean,boolean)}.
     *
     * @param payload the bytes to cut into boxes, at most {@value PigeonholeClient#MAX_COPY_PAYLOAD_LENGTH}
     * @param destWriteCap the write cap of the destination stream
     * @param destStartIndex the first destination box
     * @param isStart whether the first element starts a copy stream
     * @param isLast whether the last element ends the copy stream
     * @return the copy-stream elements
     * @throws PayloadTooLargeException if {@code payload} is over {@value PigeonholeClient#MAX_COPY_PAYLOAD_LENGTH} bytes
     * @throws ThinClientException the future's failure, e.g. {@link RequestTimeoutException} at the deadline
     */
    public CourierEnvelopes createCourierEnvelopesFromPayload(byte[] payload, WriteCap destWriteCap,
            MessageBoxIndex destStartIndex, boolean isStart, boolean isLast) {
        return Futures.awaitCall(() -> ph.createCourierEnvelopesFromPayload(payload, destWriteCap, destStartIndex, isStart,
                isLast));
    }

    /**
     * Blocking {@link PigeonholeClient#createCourierEnvelopesFromPayloads(List,boolean,boolean,CopyStreamBuffer)}.
     *
     * @param destinations the destinations, in order, not empty
     * @param isStart whether the first element starts a copy stream
     * @param isLast whether the last element ends the copy stream
     * @param buffer the previous call's residue, or {@link CopyStreamBuffer#EMPTY} (null reads as empty)
     * @return the copy-stream elements
     * @throws IllegalArgumentException if {@code destinations} is empty
     * @throws PayloadTooLargeException if a payload is over {@value PigeonholeClient#MAX_COPY_PAYLOAD_LENGTH} bytes,
     *     or the destinations together are over kpclientd's 40 MiB frame limit (docs/protocol.md)
     * @throws ThinClientException the future's failure, e.g. {@link RequestTimeoutException} at the deadline
     */
    public CourierEnvelopes createCourierEnvelopesFromPayloads(List<CopyDestination> destinations, boolean isStart,
            boolean isLast, CopyStreamBuffer buffer) {
        return Futures.awaitCall(() -> ph.createCourierEnvelopesFromPayloads(destinations, isStart, isLast, buffer));
    }

    /**
     * Blocking {@link
     * PigeonholeClient#createCourierEnvelopesFromTombstoneRange(WriteCap, MessageBoxIndex, long, boolean, boolean,
     * CopyStreamBuffer)}.
     *
     * @param destWriteCap the write cap of the destination stream
     * @param destStartIndex the first destination box
     * @param maxCount how many boxes to tombstone
     * @param isStart whether the first element starts a copy stream
     * @param isLast whether the last element ends the copy stream
     * @param buffer the previous call's residue, or {@link CopyStreamBuffer#EMPTY} (null reads as empty)
     * @return the copy-stream elements
     * @throws IllegalArgumentException if {@code maxCount} is negative or over the wire's limit
     * @throws ThinClientException the future's failure, e.g. {@link RequestTimeoutException} at the deadline
     */
    public CourierEnvelopes createCourierEnvelopesFromTombstoneRange(WriteCap destWriteCap,
            MessageBoxIndex destStartIndex, long maxCount, boolean isStart, boolean isLast, CopyStreamBuffer buffer) {
        return Futures.awaitCall(() -> ph.createCourierEnvelopesFromTombstoneRange(destWriteCap, destStartIndex, maxCount,
                isStart, isLast, buffer));
    }

    /**
     * Blocking {@link PigeonholeClient#tombstoneRange(WriteCap,MessageBoxIndex,int)}.
     *
     * @param writeCap the write cap of the stream
     * @param start the first box
     * @param count how many boxes, not negative
     * @return how many boxes were tombstoned and the next index
     * @throws IllegalArgumentException if {@code count} is negative
     * @throws ThinClientException the future's failure, e.g. {@link RequestTimeoutException} at the deadline
     */
    public TombstoneRangeResult tombstoneRange(WriteCap writeCap, MessageBoxIndex start, int count) {
        return Futures.awaitCall(() -> ph.tombstoneRange(writeCap, start, count));
    }

    /**
     * Blocking {@link PigeonholeClient#voucherMint(WriteCap,String)}.
     *
     * @param messageWriteCap the write cap of the joiner's message stream
     * @param displayName the joiner's name
     * @return the voucher and its secrets
     * @throws NullPointerException if an argument is null
     * @throws PayloadTooLargeException if the request would be over kpclientd's 40 MiB frame limit (docs/protocol.md)
     * @throws ThinClientException the future's failure, e.g. {@link RequestTimeoutException} at the deadline
     */
    public MintedVoucher voucherMint(WriteCap messageWriteCap, String displayName) {
        return Futures.awaitCall(() -> ph.voucherMint(messageWriteCap, displayName));
    }

    /**
     * Blocking {@link PigeonholeClient#voucherInduct(Voucher,byte[],byte[])}.
     *
     * @param voucher the contact voucher
     * @param voucherPayload the joiner's payload from box 0 of the voucher stream
     * @param whoReply the inductor's reply, opaque to the daemon
     * @return the induction
     * @throws NullPointerException if an argument is null
     * @throws PayloadTooLargeException if the request would be over kpclientd's 40 MiB frame limit (docs/protocol.md)
     * @throws ThinClientException the future's failure, e.g. {@link RequestTimeoutException} at the deadline
     */
    public VoucherInduction voucherInduct(Voucher voucher, byte[] voucherPayload, byte[] whoReply) {
        return Futures.awaitCall(() -> ph.voucherInduct(voucher, voucherPayload, whoReply));
    }

    /**
     * Blocking {@link PigeonholeClient#voucherOpen(VoucherSecretKey,byte[],WriteCap)}.
     *
     * @param voucherSecretKey the key from the mint
     * @param sealedReply the inductor's sealed reply from box 1 of the voucher stream
     * @param messageWriteCap the write cap of the joiner's message stream
     * @return the opened voucher
     * @throws NullPointerException if an argument is null
     * @throws PayloadTooLargeException if the request would be over kpclientd's 40 MiB frame limit (docs/protocol.md)
     * @throws ThinClientException the future's failure, e.g. {@link RequestTimeoutException} at the deadline
     */
    public OpenedVoucher voucherOpen(VoucherSecretKey voucherSecretKey, byte[] sealedReply, WriteCap messageWriteCap) {
        return Futures.awaitCall(() -> ph.voucherOpen(voucherSecretKey, sealedReply, messageWriteCap));
    }

    /**
     * Blocking {@link PigeonholeClient#voucherDeriveStream(Voucher)}.
     *
     * @param voucher the contact voucher
     * @return the voucher stream's caps
     * @throws NullPointerException if {@code voucher} is null
     * @throws ThinClientException the future's failure, e.g. {@link RequestTimeoutException} at the deadline
     */
    public VoucherStream voucherDeriveStream(Voucher voucher) {
        return Futures.awaitCall(() -> ph.voucherDeriveStream(voucher));
    }

    /**
     * Blocking {@link PigeonholeClient#createChannel()}.
     *
     * @return the new channel's state (secret)
     * @throws ThinClientException the future's failure, e.g. {@link RequestTimeoutException} at the deadline
     */
    public ChannelState createChannel() {
        return Futures.awaitCall(() -> ph.createChannel());
    }
}
