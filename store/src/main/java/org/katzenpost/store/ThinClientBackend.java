package org.katzenpost.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.pigeonhole.CopyCommandFailedException;
import org.katzenpost.thin.pigeonhole.CopyDestination;
import org.katzenpost.thin.pigeonhole.CopyStreamBuffer;
import org.katzenpost.thin.pigeonhole.Courier;
import org.katzenpost.thin.pigeonhole.ReplicaErrorException;
import org.katzenpost.thin.pigeonhole.CourierEnvelopes;
import org.katzenpost.thin.pigeonhole.EncryptedMessage;

import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.pigeonhole.ReadCap;
import org.katzenpost.thin.pigeonhole.ReplicaErrorCode;
import org.katzenpost.thin.pigeonhole.ResendOptions;
import org.katzenpost.thin.pigeonhole.WriteCap;

/**
 * {@link PigeonholeBackend} over a live {@link ThinClient}: each write is {@code encrypt_write} then
 * {@code start_resending_encrypted_message} (the daemon resends until the courier acknowledges), each read the
 * same with {@code encrypt_read} (the daemon polls until the box is there). Calls that make the daemon encrypt
 * (MKEM, seconds of its CPU per box on a small machine: {@code encrypt_write}, {@code encrypt_read}, a chunk of
 * courier envelopes) and mixnet calls use {@code mixnetTimeout}; the cheap local calls use the client's request
 * timeout.
 */
public final class ThinClientBackend implements PigeonholeBackend {
    private final PigeonholeClient ph;
    private final PigeonholeClient mixnetPh;
    private final Duration mixnetTimeout;

    /**
     * A backend over {@code client}.
     *
     * @param client a connected thin client
     * @param mixnetTimeout the deadline of each write, read and copy through the mixnet
     */
    public ThinClientBackend(ThinClient client, Duration mixnetTimeout) {
        this.ph = Objects.requireNonNull(client, "client").pigeonhole();
        this.mixnetTimeout = Objects.requireNonNull(mixnetTimeout, "mixnetTimeout");
        this.mixnetPh = ph.withTimeout(mixnetTimeout);
    }

    /**
     * The typed Pigeonhole client this backend calls.
     *
     * @return the client
     */
    public PigeonholeClient pigeonhole() {
        return ph;
    }

    @Override
    public Keypair newKeypair(byte[] seed) {
        org.katzenpost.thin.pigeonhole.Keypair kp = Await.result(ph.newKeypair(seed), local());
        return new Keypair(kp.writeCap().toBytes(), kp.readCap().toBytes(), kp.firstIndex().toBytes());
    }

    @Override
    public byte[] nextIndex(byte[] index) {
        return Await.result(ph.nextMessageBoxIndex(MessageBoxIndex.of(index)), local()).toBytes();
    }

    @Override
    public long counter(byte[] index) {
        return MessageBoxIndex.of(index).counter();
    }

    @Override
    public void write(byte[] writeCap, byte[] index, byte[] plaintext) {
        EncryptedMessage m = mixnet(mixnetPh.encryptWrite(plaintext, WriteCap.of(writeCap), MessageBoxIndex.of(index)));
        mixnet(mixnetPh.startResendingEncryptedMessage(m, ResendOptions.DEFAULT));
    }

    @Override
    public boolean writeReportingExisting(byte[] writeCap, byte[] index, byte[] plaintext) {
        EncryptedMessage m = mixnet(mixnetPh.encryptWrite(plaintext, WriteCap.of(writeCap), MessageBoxIndex.of(index)));
        try {
            mixnet(mixnetPh.startResendingEncryptedMessage(m, ResendOptions.BOX_ALREADY_EXISTS_AS_ERROR));
            return false;
        } catch (ReplicaErrorException e) {
            if (e.code() == ReplicaErrorCode.BOX_ALREADY_EXISTS) {
                return true;
            }
            throw e;
        }
    }

    @Override
    public byte[] read(byte[] readCap, byte[] index) {
        EncryptedMessage m = mixnet(mixnetPh.encryptRead(ReadCap.of(readCap), MessageBoxIndex.of(index)));
        try {
            return mixnet(mixnetPh.startResendingEncryptedMessage(m, ResendOptions.DEFAULT))
                    .requirePlaintext();
        } catch (ReplicaErrorException e) {
            if (e.code() == ReplicaErrorCode.TOMBSTONE) {
                return new byte[0];
            }
            throw e;
        }
    }

    @Override
    public byte[] readNoRetry(byte[] readCap, byte[] index) {
        EncryptedMessage m = mixnet(mixnetPh.encryptRead(ReadCap.of(readCap), MessageBoxIndex.of(index)));
        try {
            return mixnet(mixnetPh.startResendingEncryptedMessage(m, ResendOptions.NO_RETRY_ON_BOX_ID_NOT_FOUND))
                    .requirePlaintext();
        } catch (ReplicaErrorException e) {
            if (e.code() == ReplicaErrorCode.TOMBSTONE) {
                return new byte[0];
            }
            if (e.code() == ReplicaErrorCode.BOX_ID_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public MultiCopyEnvelopes createCopyEnvelopes(List<CopyPayload> payloads, boolean isStart, boolean isLast,
            byte[] buffer) {
        List<CopyDestination> dests = new ArrayList<>(payloads.size());
        for (CopyPayload p : payloads) {
            dests.add(new CopyDestination(p.payload(), WriteCap.of(p.destWriteCap()),
                    MessageBoxIndex.of(p.destStartIndex())));
        }
        CourierEnvelopes env = mixnet(mixnetPh.createCourierEnvelopesFromPayloads(dests, isStart, isLast,
                buffer == null || buffer.length == 0 ? CopyStreamBuffer.EMPTY : CopyStreamBuffer.of(buffer)));
        List<byte[]> next = new ArrayList<>();
        for (MessageBoxIndex i : env.nextDestIndices()) {
            next.add(i.toBytes());
        }
        return new MultiCopyEnvelopes(env.envelopes(), env.buffer().toBytes(), next);
    }

    @Override
    public void copy(byte[] tempWriteCap, byte[] courierIdentityHash, byte[] courierQueueId) {
        mixnet(mixnetPh.startResendingCopyCommand(WriteCap.of(tempWriteCap),
                Courier.of(courierIdentityHash, courierQueueId)));
    }

    @Override
    public CopyEnvelopes createCopyEnvelopes(byte[] payload, byte[] destWriteCap, byte[] destStartIndex) {
        CourierEnvelopes env = mixnet(mixnetPh.createCourierEnvelopesFromPayload(payload,
                WriteCap.of(destWriteCap), MessageBoxIndex.of(destStartIndex), true, true));
        List<byte[]> elements = env.envelopes();
        return new CopyEnvelopes(elements, env.nextDestIndex().toBytes());
    }

    @Override
    public CopyChunk createCopyEnvelopesChunk(byte[] chunk, byte[] destWriteCap, byte[] destStartIndex,
            boolean isStart, boolean isLast, byte[] buffer) {
        CourierEnvelopes env = mixnet(mixnetPh.createCourierEnvelopesFromPayloads(
                List.of(new CopyDestination(chunk, WriteCap.of(destWriteCap), MessageBoxIndex.of(destStartIndex))),
                isStart, isLast, buffer == null || buffer.length == 0 ? CopyStreamBuffer.EMPTY
                        : CopyStreamBuffer.of(buffer)));
        return new CopyChunk(env.envelopes(), env.buffer().toBytes(), env.nextDestIndices().get(0).toBytes());
    }

    @Override
    public void copy(byte[] tempWriteCap) {
        mixnet(mixnetPh.startResendingCopyCommand(WriteCap.of(tempWriteCap), null));
    }

    @Override
    public int maxPlaintextPayloadLength() {
        return ph.maxPlaintextPayloadLength();
    }

    @Override
    public boolean isAlreadyCopied(RuntimeException failure) {
        return failure instanceof CopyCommandFailedException c
                && c.replicaErrorCode().filter(code -> code == ReplicaErrorCode.BOX_ALREADY_EXISTS).isPresent();
    }

    /** Waits for a call that goes through the mixnet or makes the daemon encrypt: {@code mixnetTimeout}. */
    private <T> T mixnet(java.util.concurrent.CompletableFuture<T> call) {
        return Await.result(call, mixnetTimeout);
    }

    /** The deadline of a cheap local call: the client's request timeout. */
    private Duration local() {
        return ph.timeout();
    }
}
