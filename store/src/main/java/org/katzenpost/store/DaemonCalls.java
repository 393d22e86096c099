package org.katzenpost.store;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.katzenpost.thin.pigeonhole.CopyChunks;
import org.katzenpost.thin.pigeonhole.CopyCommandFailedException;
import org.katzenpost.thin.pigeonhole.CopyDestination;
import org.katzenpost.thin.pigeonhole.CopyStreamBuffer;
import org.katzenpost.thin.pigeonhole.Courier;
import org.katzenpost.thin.pigeonhole.CourierEnvelopes;
import org.katzenpost.thin.pigeonhole.EncryptedMessage;
import org.katzenpost.thin.pigeonhole.Keypair;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.pigeonhole.ReadCap;
import org.katzenpost.thin.pigeonhole.ReplicaErrorCode;
import org.katzenpost.thin.pigeonhole.ReplicaErrorException;
import org.katzenpost.thin.pigeonhole.ResendOptions;
import org.katzenpost.thin.pigeonhole.WriteCap;

/**
 * The blocking Pigeonhole calls the store makes, over the public {@link PigeonholeClient}: each write is
 * {@code encrypt_write} then {@code start_resending_encrypted_message} (the daemon resends until the courier
 * acknowledges), each read the same with {@code encrypt_read} (the daemon polls until the box is there).
 *
 * <p>The two deadlines live here and nowhere else: calls that go through the mixnet or make the daemon encrypt
 * (MKEM, seconds of its CPU per box on a small machine) use the deadline of the client the application gave
 * ({@link #mixnet}); the cheap local calls ({@code new_keypair}, {@code next_message_box_index}) use the thin
 * client's request timeout ({@link #local}).
 *
 * <p>Without a client ({@link #offline()}) every call fails with a {@link StoreException}: for the operations
 * that only read or change the store.
 */
final class DaemonCalls {
    private final PigeonholeClient mixnet;
    private final PigeonholeClient local;

    private DaemonCalls(PigeonholeClient mixnet, PigeonholeClient local) {
        this.mixnet = mixnet;
        this.local = local;
    }

    /** Calls over {@code client}, with its deadline for the mixnet and its thin client's for local calls. */
    static DaemonCalls over(PigeonholeClient client) {
        return new DaemonCalls(client, client.thinClient().pigeonhole());
    }

    /** No daemon: every call fails with a {@link StoreException}. */
    static DaemonCalls offline() {
        return new DaemonCalls(null, null);
    }

    /** Whether {@code other}'s calls go over the same connection to kpclientd as these (false when offline). */
    boolean sharesConnectionWith(DaemonCalls other) {
        return mixnet != null && other.mixnet != null && mixnet.thinClient() == other.mixnet.thinClient();
    }

    /** The client the mixnet calls go through; fails when offline. */
    PigeonholeClient client() {
        return requireOnline(mixnet);
    }

    Keypair newKeypair() {
        byte[] seed = PigeonholeClient.randomSeed();
        try {
            return local(requireOnline(local).newKeypair(seed));
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    MessageBoxIndex nextIndex(MessageBoxIndex index) {
        return local(requireOnline(local).nextMessageBoxIndex(index));
    }

    /**
     * Like {@link #nextIndex}, for a caller whose own writes are in flight on this client ahead of the request:
     * kpclientd answers one connection's requests in turn, so it waits with the mixnet deadline those writes have.
     */
    MessageBoxIndex nextIndexBehindWrites(MessageBoxIndex index) {
        return mixnet(requireOnline(mixnet).nextMessageBoxIndex(index));
    }

    void write(WriteCap writeCap, MessageBoxIndex index, byte[] plaintext) {
        PigeonholeClient ph = client();
        EncryptedMessage m = mixnet(ph.encryptWrite(plaintext, writeCap, index));
        mixnet(ph.startResendingEncryptedMessage(m, ResendOptions.DEFAULT));
    }

    /** Like {@link #write}; true if the box had already been written (one more round trip to the replica). */
    boolean writeReportingExisting(WriteCap writeCap, MessageBoxIndex index, byte[] plaintext) {
        PigeonholeClient ph = client();
        EncryptedMessage m = mixnet(ph.encryptWrite(plaintext, writeCap, index));
        try {
            mixnet(ph.startResendingEncryptedMessage(m, ResendOptions.BOX_ALREADY_EXISTS_AS_ERROR));
            return false;
        } catch (ReplicaErrorException e) {
            if (e.code() == ReplicaErrorCode.BOX_ALREADY_EXISTS) {
                return true;
            }
            throw e;
        }
    }

    /**
     * Reads a box, waiting until it is written, up to the mixnet deadline; a tombstone reads as empty. The wait is
     * {@link PigeonholeClient#readBox}'s: in rounds, each with a fresh read envelope, so a courier's cached "not
     * found" (docs/protocol.md#pigeonhole-arq) cannot make the read miss a box written during the wait.
     */
    byte[] read(ReadCap readCap, MessageBoxIndex index) {
        try {
            return mixnet(client().readBox(readCap, index)).requirePlaintext();
        } catch (ReplicaErrorException e) {
            if (e.code() == ReplicaErrorCode.TOMBSTONE) {
                return new byte[0];
            }
            throw e;
        }
    }

    /** Reads a box once: its plaintext (empty for a tombstone), or null if it is not written (yet). */
    byte[] readNoRetry(ReadCap readCap, MessageBoxIndex index) {
        PigeonholeClient ph = client();
        EncryptedMessage m = mixnet(ph.encryptRead(readCap, index));
        try {
            return mixnet(ph.startResendingEncryptedMessage(m, ResendOptions.NO_RETRY_ON_BOX_ID_NOT_FOUND))
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

    /**
     * Encodes one step of a copy stream (docs/protocol.md#copy-commands): the payloads, each into its own
     * destination, carrying the previous step's residue {@code buffer} in and the new one out.
     */
    CourierEnvelopes encode(List<CopyDestination> destinations, boolean isStart, boolean isLast,
            CopyStreamBuffer buffer) {
        return mixnet(client().createCourierEnvelopesFromPayloads(destinations, isStart, isLast, buffer));
    }

    /**
     * Asks a courier ({@code courier}, or one the daemon picks when null) to carry out the copy stream of the
     * temporary stream {@code tempWriteCap}, made of {@code elements} copy-stream elements, and waits: all
     * destination boxes written, or none. A copy that had completed before (replayed after a crash) counts as
     * done. The wait is {@link #copyDeadline}: the courier decrypts and writes every box, so no fixed deadline
     * fits every size.
     *
     * @return false if the copy had already been applied
     */
    boolean copy(WriteCap tempWriteCap, Courier courier, int elements) {
        Duration deadline = copyDeadline(elements);
        try {
            Await.result(client().withTimeout(deadline).startResendingCopyCommand(tempWriteCap, courier), deadline);
            return true;
        } catch (CopyCommandFailedException c) {
            if (c.replicaErrorCode().filter(code -> code == ReplicaErrorCode.BOX_ALREADY_EXISTS).isPresent()) {
                return false;
            }
            throw c;
        }
    }

    /** How long a copy command of {@code elements} copy-stream elements may take ({@link CopyChunks#copyDeadline}). */
    Duration copyDeadline(int elements) {
        return CopyChunks.copyDeadline(client().timeout(), elements);
    }

    /** The largest plaintext one box holds, or 0 when unknown (offline, or no geometry yet). */
    int maxPlaintextPayloadLength() {
        return mixnet == null ? 0 : mixnet.maxPlaintextPayloadLength();
    }

    private <T> T mixnet(CompletableFuture<T> call) {
        return Await.result(call, mixnet.timeout());
    }

    private <T> T local(CompletableFuture<T> call) {
        return Await.result(call, local.timeout());
    }

    private static PigeonholeClient requireOnline(PigeonholeClient c) {
        if (c == null) {
            throw new StoreException("these channels work offline and cannot reach the mixnet; open them with "
                    + "new PersistentChannels(store, pigeonholeClient) to send or receive");
        }
        return c;
    }
}
