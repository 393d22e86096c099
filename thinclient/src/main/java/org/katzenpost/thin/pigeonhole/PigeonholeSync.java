package org.katzenpost.thin.pigeonhole;

import java.time.Duration;
import java.util.List;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.ThinClientException;
import org.katzenpost.thin.internal.Futures;

/**
 * The blocking view of a {@link PigeonholeClient}, from {@link PigeonholeClient#sync()}: every call of the client
 * under the same name and with the same parameters, waiting for the result instead of returning a future
 * (docs/api.md, "Asynchronous first, one blocking view"). A call waits at most for its deadline (the
 * {@code Duration} passed, else the client's {@link PigeonholeClient#defaultTimeout()}) and throws the
 * {@link ThinClientException} the future would fail with, never {@link java.util.concurrent.ExecutionException}.
 * An interrupt cancels the call (for the {@code startResending*} calls, at the daemon too) and throws
 * {@link ThinClientException} with the thread's interrupt flag set. Thread-safe.
 */
public final class PigeonholeSync {
    private final PigeonholeClient ph;

    PigeonholeSync(PigeonholeClient ph) {
        this.ph = ph;
    }

    /**
     * The asynchronous client this view belongs to.
     *
     * @return the client
     */
    public PigeonholeClient async() {
        return ph;
    }

    /**
     * Blocking {@link PigeonholeClient#newKeypair(byte[])}: waits for the result within the default deadline.
     *
     * @param seed the {@value PigeonholeClient#SEED_LENGTH}-byte secret seed of the stream
     * @return the stream's caps and first index
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments
     */
    public Keypair newKeypair(byte[] seed) {
        return Futures.await(ph.newKeypair(seed));
    }

    /**
     * Blocking {@link PigeonholeClient#newKeypair(byte[],Duration)}: waits for the result.
     *
     * @param seed the {@value PigeonholeClient#SEED_LENGTH}-byte secret seed of the stream
     * @param timeout the deadline, positive
     * @return the stream's caps and first index
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments or a timeout that is not positive
     */
    public Keypair newKeypair(byte[] seed, Duration timeout) {
        return Futures.await(ph.newKeypair(seed, timeout));
    }

    /**
     * Blocking {@link PigeonholeClient#encryptRead(ReadCap,MessageBoxIndex)}: waits for the result within the default
     * deadline.
     *
     * @param readCap the read cap of the stream
     * @param index the box index
     * @return the encrypted message
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments
     */
    public EncryptedMessage encryptRead(ReadCap readCap, MessageBoxIndex index) {
        return Futures.await(ph.encryptRead(readCap, index));
    }

    /**
     * Blocking {@link PigeonholeClient#encryptRead(ReadCap,MessageBoxIndex,Duration)}: waits for the result.
     *
     * @param readCap the read cap of the stream
     * @param index the box index
     * @param timeout the deadline, positive
     * @return the encrypted message
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments or a timeout that is not positive
     */
    public EncryptedMessage encryptRead(ReadCap readCap, MessageBoxIndex index, Duration timeout) {
        return Futures.await(ph.encryptRead(readCap, index, timeout));
    }

    /**
     * Blocking {@link PigeonholeClient#encryptWrite(byte[],WriteCap,MessageBoxIndex)}: waits for the result within
     * the default deadline.
     *
     * @param plaintext the box content; empty makes a tombstone
     * @param writeCap the write cap of the stream
     * @param index the box index
     * @return the encrypted message
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments
     */
    public EncryptedMessage encryptWrite(byte[] plaintext, WriteCap writeCap, MessageBoxIndex index) {
        return Futures.await(ph.encryptWrite(plaintext, writeCap, index));
    }

    /**
     * Blocking {@link PigeonholeClient#encryptWrite(byte[],WriteCap,MessageBoxIndex,Duration)}: waits for the result.
     *
     * @param plaintext the box content; empty makes a tombstone
     * @param writeCap the write cap of the stream
     * @param index the box index
     * @param timeout the deadline, positive
     * @return the encrypted message
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments or a timeout that is not positive
     */
    public EncryptedMessage encryptWrite(byte[] plaintext, WriteCap writeCap, MessageBoxIndex index, Duration timeout) {
        return Futures.await(ph.encryptWrite(plaintext, writeCap, index, timeout));
    }

    /**
     * Blocking {@link PigeonholeClient#startResendingEncryptedMessage(EncryptedMessage)}: waits for the result within
     * the default deadline.
     *
     * @param message the encrypted read or write to send
     * @return the outcome: for a read the box's plaintext; the courier used
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments
     */
    public ResendResult startResendingEncryptedMessage(EncryptedMessage message) {
        return Futures.await(ph.startResendingEncryptedMessage(message));
    }

    /**
     * Blocking {@link PigeonholeClient#startResendingEncryptedMessage(EncryptedMessage,ResendOptions)}: waits for the
     * result within the default deadline.
     *
     * @param message the encrypted read or write to send
     * @param options how outcomes are reported ({@link ResendOptions#DEFAULT} for the usual)
     * @return the outcome: for a read the box's plaintext; the courier used
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments
     */
    public ResendResult startResendingEncryptedMessage(EncryptedMessage message, ResendOptions options) {
        return Futures.await(ph.startResendingEncryptedMessage(message, options));
    }

    /**
     * Blocking {@link PigeonholeClient#startResendingEncryptedMessage(EncryptedMessage,ResendOptions,Duration)}:
     * waits for the result.
     *
     * @param message the encrypted read or write to send
     * @param options how outcomes are reported ({@link ResendOptions#DEFAULT} for the usual)
     * @param timeout the deadline, positive
     * @return the outcome: for a read the box's plaintext; the courier used
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments or a timeout that is not positive
     */
    public ResendResult startResendingEncryptedMessage(EncryptedMessage message, ResendOptions options,
            Duration timeout) {
        return Futures.await(ph.startResendingEncryptedMessage(message, options, timeout));
    }

    /**
     * Blocking {@link PigeonholeClient#cancelResendingEncryptedMessage(EnvelopeHash)}: waits for the result within
     * the default deadline.
     *
     * @param envelopeHash the hash of the message to stop resending
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments
     */
    public void cancelResendingEncryptedMessage(EnvelopeHash envelopeHash) {
        Futures.await(ph.cancelResendingEncryptedMessage(envelopeHash));
    }

    /**
     * Blocking {@link PigeonholeClient#cancelResendingEncryptedMessage(EnvelopeHash,Duration)}: waits for the result.
     *
     * @param envelopeHash the hash of the message to stop resending
     * @param timeout the deadline, positive
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments or a timeout that is not positive
     */
    public void cancelResendingEncryptedMessage(EnvelopeHash envelopeHash, Duration timeout) {
        Futures.await(ph.cancelResendingEncryptedMessage(envelopeHash, timeout));
    }

    /**
     * Blocking {@link PigeonholeClient#startResendingCopyCommand(WriteCap)}: waits for the result within the default
     * deadline.
     *
     * @param tempWriteCap the write cap of the temporary stream holding the copy stream
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments
     */
    public void startResendingCopyCommand(WriteCap tempWriteCap) {
        Futures.await(ph.startResendingCopyCommand(tempWriteCap));
    }

    /**
     * Blocking {@link PigeonholeClient#startResendingCopyCommand(WriteCap,Courier,Duration)}: waits for the result.
     *
     * @param tempWriteCap the write cap of the temporary stream holding the copy stream
     * @param courier the courier to use, or null to let the daemon choose
     * @param timeout the deadline, positive
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments or a timeout that is not positive
     */
    public void startResendingCopyCommand(WriteCap tempWriteCap, Courier courier, Duration timeout) {
        Futures.await(ph.startResendingCopyCommand(tempWriteCap, courier, timeout));
    }

    /**
     * Blocking {@link PigeonholeClient#cancelResendingCopyCommand(WriteCapHash)}: waits for the result within the
     * default deadline.
     *
     * @param writeCapHash the hash of the copy command's temporary write cap
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments
     */
    public void cancelResendingCopyCommand(WriteCapHash writeCapHash) {
        Futures.await(ph.cancelResendingCopyCommand(writeCapHash));
    }

    /**
     * Blocking {@link PigeonholeClient#cancelResendingCopyCommand(WriteCapHash,Duration)}: waits for the result.
     *
     * @param writeCapHash the hash of the copy command's temporary write cap
     * @param timeout the deadline, positive
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments or a timeout that is not positive
     */
    public void cancelResendingCopyCommand(WriteCapHash writeCapHash, Duration timeout) {
        Futures.await(ph.cancelResendingCopyCommand(writeCapHash, timeout));
    }

    /**
     * Blocking {@link PigeonholeClient#nextMessageBoxIndex(MessageBoxIndex)}: waits for the result within the default
     * deadline.
     *
     * @param index the box index
     * @return the next index
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments
     */
    public MessageBoxIndex nextMessageBoxIndex(MessageBoxIndex index) {
        return Futures.await(ph.nextMessageBoxIndex(index));
    }

    /**
     * Blocking {@link PigeonholeClient#nextMessageBoxIndex(MessageBoxIndex,Duration)}: waits for the result.
     *
     * @param index the box index
     * @param timeout the deadline, positive
     * @return the next index
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments or a timeout that is not positive
     */
    public MessageBoxIndex nextMessageBoxIndex(MessageBoxIndex index, Duration timeout) {
        return Futures.await(ph.nextMessageBoxIndex(index, timeout));
    }

    /**
     * Blocking {@link PigeonholeClient#getMessageBoxIndexCounter(MessageBoxIndex)}: waits for the result within the
     * default deadline.
     *
     * @param index the box index
     * @return the counter (an unsigned 64-bit number in a long's bits)
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments
     */
    public long getMessageBoxIndexCounter(MessageBoxIndex index) {
        return Futures.await(ph.getMessageBoxIndexCounter(index));
    }

    /**
     * Blocking {@link PigeonholeClient#getMessageBoxIndexCounter(MessageBoxIndex,Duration)}: waits for the result.
     *
     * @param index the box index
     * @param timeout the deadline, positive
     * @return the counter (an unsigned 64-bit number in a long's bits)
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments or a timeout that is not positive
     */
    public long getMessageBoxIndexCounter(MessageBoxIndex index, Duration timeout) {
        return Futures.await(ph.getMessageBoxIndexCounter(index, timeout));
    }

    /**
     * Blocking {@link
     * PigeonholeClient#createCourierEnvelopesFromPayload(byte[],WriteCap,MessageBoxIndex,boolean,boolean)}: waits for
     * the result within the default deadline.
     *
     * @param payload the bytes to cut into boxes, at most {@value PigeonholeClient#MAX_COPY_PAYLOAD_LENGTH}
     * @param destWriteCap the write cap of the destination stream
     * @param destStartIndex the first destination box
     * @param isStart whether the first element starts a copy stream
     * @param isLast whether the last element ends the copy stream
     * @return the copy-stream elements
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments
     */
    public CourierEnvelopes createCourierEnvelopesFromPayload(byte[] payload, WriteCap destWriteCap,
            MessageBoxIndex destStartIndex, boolean isStart, boolean isLast) {
        return Futures.await(ph.createCourierEnvelopesFromPayload(payload, destWriteCap, destStartIndex, isStart,
                isLast));
    }

    /**
     * Blocking {@link
     * PigeonholeClient#createCourierEnvelopesFromPayload(byte[],WriteCap,MessageBoxIndex,boolean,boolean,Duration)}:
     * waits for the result.
     *
     * @param payload the bytes to cut into boxes, at most {@value PigeonholeClient#MAX_COPY_PAYLOAD_LENGTH}
     * @param destWriteCap the write cap of the destination stream
     * @param destStartIndex the first destination box
     * @param isStart whether the first element starts a copy stream
     * @param isLast whether the last element ends the copy stream
     * @param timeout the deadline, positive
     * @return the copy-stream elements
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments or a timeout that is not positive
     */
    public CourierEnvelopes createCourierEnvelopesFromPayload(byte[] payload, WriteCap destWriteCap,
            MessageBoxIndex destStartIndex, boolean isStart, boolean isLast, Duration timeout) {
        return Futures.await(ph.createCourierEnvelopesFromPayload(payload, destWriteCap, destStartIndex, isStart,
                isLast, timeout));
    }

    /**
     * Blocking {@link PigeonholeClient#createCourierEnvelopesFromPayloads(List,boolean,boolean,CopyStreamBuffer)}:
     * waits for the result within the default deadline.
     *
     * @param destinations the destinations, in order, not empty
     * @param isStart whether the first element starts a copy stream
     * @param isLast whether the last element ends the copy stream
     * @param buffer the previous call's residue, or {@link CopyStreamBuffer#EMPTY} (null reads as empty)
     * @return the copy-stream elements
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments
     */
    public CourierEnvelopes createCourierEnvelopesFromPayloads(List<CopyDestination> destinations,
            boolean isStart, boolean isLast, CopyStreamBuffer buffer) {
        return Futures.await(ph.createCourierEnvelopesFromPayloads(destinations, isStart, isLast, buffer));
    }

    /**
     * Blocking {@link
     * PigeonholeClient#createCourierEnvelopesFromPayloads(List,boolean,boolean,CopyStreamBuffer,Duration)}: waits for
     * the result.
     *
     * @param destinations the destinations, in order, not empty
     * @param isStart whether the first element starts a copy stream
     * @param isLast whether the last element ends the copy stream
     * @param buffer the previous call's residue, or {@link CopyStreamBuffer#EMPTY} (null reads as empty)
     * @param timeout the deadline, positive
     * @return the copy-stream elements
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments or a timeout that is not positive
     */
    public CourierEnvelopes createCourierEnvelopesFromPayloads(List<CopyDestination> destinations,
            boolean isStart, boolean isLast, CopyStreamBuffer buffer, Duration timeout) {
        return Futures.await(ph.createCourierEnvelopesFromPayloads(destinations, isStart, isLast, buffer, timeout));
    }

    /**
     * Blocking {@link PigeonholeClient#createCourierEnvelopesFromTombstoneRange(WriteCap, MessageBoxIndex, long,
     * boolean, boolean, CopyStreamBuffer)}: waits for the result within the default deadline.
     *
     * @param destWriteCap the write cap of the destination stream
     * @param destStartIndex the first destination box
     * @param maxCount how many boxes to tombstone
     * @param isStart whether the first element starts a copy stream
     * @param isLast whether the last element ends the copy stream
     * @param buffer the previous call's residue, or {@link CopyStreamBuffer#EMPTY} (null reads as empty)
     * @return the copy-stream elements
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments
     */
    public CourierEnvelopes createCourierEnvelopesFromTombstoneRange(WriteCap destWriteCap,
            MessageBoxIndex destStartIndex, long maxCount, boolean isStart, boolean isLast, CopyStreamBuffer buffer) {
        return Futures.await(ph.createCourierEnvelopesFromTombstoneRange(destWriteCap, destStartIndex, maxCount,
                isStart, isLast, buffer));
    }

    /**
     * Blocking {@link PigeonholeClient#createCourierEnvelopesFromTombstoneRange(WriteCap, MessageBoxIndex, long,
     * boolean, boolean, CopyStreamBuffer, Duration)}: waits for the result.
     *
     * @param destWriteCap the write cap of the destination stream
     * @param destStartIndex the first destination box
     * @param maxCount how many boxes to tombstone
     * @param isStart whether the first element starts a copy stream
     * @param isLast whether the last element ends the copy stream
     * @param buffer the previous call's residue, or {@link CopyStreamBuffer#EMPTY} (null reads as empty)
     * @param timeout the deadline, positive
     * @return the copy-stream elements
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments or a timeout that is not positive
     */
    public CourierEnvelopes createCourierEnvelopesFromTombstoneRange(WriteCap destWriteCap,
            MessageBoxIndex destStartIndex, long maxCount, boolean isStart, boolean isLast, CopyStreamBuffer buffer,
            Duration timeout) {
        return Futures.await(ph.createCourierEnvelopesFromTombstoneRange(destWriteCap, destStartIndex, maxCount,
                isStart, isLast, buffer, timeout));
    }

    /**
     * Blocking {@link PigeonholeClient#tombstoneRange(WriteCap,MessageBoxIndex,int)}: waits for the result within the
     * default deadline.
     *
     * @param writeCap the write cap of the stream
     * @param start the first box
     * @param count how many boxes, not negative
     * @return how many boxes were tombstoned and the next index
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments
     */
    public TombstoneRangeResult tombstoneRange(WriteCap writeCap, MessageBoxIndex start, int count) {
        return Futures.await(ph.tombstoneRange(writeCap, start, count));
    }

    /**
     * Blocking {@link PigeonholeClient#tombstoneRange(WriteCap,MessageBoxIndex,int,Duration)}: waits for the result.
     *
     * @param writeCap the write cap of the stream
     * @param start the first box
     * @param count how many boxes, not negative
     * @param timeout the deadline, positive
     * @return how many boxes were tombstoned and the next index
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments or a timeout that is not positive
     */
    public TombstoneRangeResult tombstoneRange(WriteCap writeCap, MessageBoxIndex start, int count, Duration timeout) {
        return Futures.await(ph.tombstoneRange(writeCap, start, count, timeout));
    }

    /**
     * Blocking {@link PigeonholeClient#voucherMint(WriteCap,String)}: waits for the result within the default deadline.
     *
     * @param messageWriteCap the write cap of the joiner's message stream
     * @param displayName the joiner's name
     * @return the voucher and its secrets
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments
     */
    public MintedVoucher voucherMint(WriteCap messageWriteCap, String displayName) {
        return Futures.await(ph.voucherMint(messageWriteCap, displayName));
    }

    /**
     * Blocking {@link PigeonholeClient#voucherMint(WriteCap,String,Duration)}: waits for the result.
     *
     * @param messageWriteCap the write cap of the joiner's message stream
     * @param displayName the joiner's name
     * @param timeout the deadline, positive
     * @return the voucher and its secrets
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments or a timeout that is not positive
     */
    public MintedVoucher voucherMint(WriteCap messageWriteCap, String displayName, Duration timeout) {
        return Futures.await(ph.voucherMint(messageWriteCap, displayName, timeout));
    }

    /**
     * Blocking {@link PigeonholeClient#voucherInduct(Voucher,byte[],byte[])}: waits for the result within the default
     * deadline.
     *
     * @param voucher the contact voucher
     * @param voucherPayload the joiner's payload from box 0 of the voucher stream
     * @param whoReply the inductor's reply, opaque to the daemon
     * @return the induction
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments
     */
    public VoucherInduction voucherInduct(Voucher voucher, byte[] voucherPayload, byte[] whoReply) {
        return Futures.await(ph.voucherInduct(voucher, voucherPayload, whoReply));
    }

    /**
     * Blocking {@link PigeonholeClient#voucherInduct(Voucher,byte[],byte[],Duration)}: waits for the result.
     *
     * @param voucher the contact voucher
     * @param voucherPayload the joiner's payload from box 0 of the voucher stream
     * @param whoReply the inductor's reply, opaque to the daemon
     * @param timeout the deadline, positive
     * @return the induction
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments or a timeout that is not positive
     */
    public VoucherInduction voucherInduct(Voucher voucher, byte[] voucherPayload, byte[] whoReply, Duration timeout) {
        return Futures.await(ph.voucherInduct(voucher, voucherPayload, whoReply, timeout));
    }

    /**
     * Blocking {@link PigeonholeClient#voucherOpen(VoucherSecretKey,byte[],WriteCap)}: waits for the result within
     * the default deadline.
     *
     * @param voucherSecretKey the key from the mint
     * @param sealedReply the inductor's sealed reply from box 1 of the voucher stream
     * @param messageWriteCap the write cap of the joiner's message stream
     * @return the opened voucher
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments
     */
    public OpenedVoucher voucherOpen(VoucherSecretKey voucherSecretKey, byte[] sealedReply, WriteCap messageWriteCap) {
        return Futures.await(ph.voucherOpen(voucherSecretKey, sealedReply, messageWriteCap));
    }

    /**
     * Blocking {@link PigeonholeClient#voucherOpen(VoucherSecretKey,byte[],WriteCap,Duration)}: waits for the result.
     *
     * @param voucherSecretKey the key from the mint
     * @param sealedReply the inductor's sealed reply from box 1 of the voucher stream
     * @param messageWriteCap the write cap of the joiner's message stream
     * @param timeout the deadline, positive
     * @return the opened voucher
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments or a timeout that is not positive
     */
    public OpenedVoucher voucherOpen(VoucherSecretKey voucherSecretKey, byte[] sealedReply,
            WriteCap messageWriteCap, Duration timeout) {
        return Futures.await(ph.voucherOpen(voucherSecretKey, sealedReply, messageWriteCap, timeout));
    }

    /**
     * Blocking {@link PigeonholeClient#voucherDeriveStream(Voucher)}: waits for the result within the default deadline.
     *
     * @param voucher the contact voucher
     * @return the voucher stream's caps
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments
     */
    public VoucherStream voucherDeriveStream(Voucher voucher) {
        return Futures.await(ph.voucherDeriveStream(voucher));
    }

    /**
     * Blocking {@link PigeonholeClient#voucherDeriveStream(Voucher,Duration)}: waits for the result.
     *
     * @param voucher the contact voucher
     * @param timeout the deadline, positive
     * @return the voucher stream's caps
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments or a timeout that is not positive
     */
    public VoucherStream voucherDeriveStream(Voucher voucher, Duration timeout) {
        return Futures.await(ph.voucherDeriveStream(voucher, timeout));
    }

    /**
     * Blocking {@link PigeonholeClient#createChannel()}: waits for the result within the default deadline.
     *
     * @return the new channel's state (secret)
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments
     */
    public ChannelState createChannel() {
        return Futures.await(ph.createChannel());
    }

    /**
     * Blocking {@link PigeonholeClient#createChannel(Duration)}: waits for the result.
     *
     * @param timeout the deadline, positive
     * @return the new channel's state (secret)
     * @throws ThinClientException the future's failure: {@link RequestTimeoutException} at the deadline, a
     *     {@link org.katzenpost.thin.DaemonErrorException} or {@link ReplicaErrorException} for the daemon's codes
     * @throws IllegalArgumentException for bad arguments or a timeout that is not positive
     */
    public ChannelState createChannel(Duration timeout) {
        return Futures.await(ph.createChannel(timeout));
    }
}
