package org.katzenpost.thin.pigeonhole;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.katzenpost.thin.internal.Hashes;
import org.katzenpost.thin.internal.wire.WireSizes;
import org.katzenpost.thin.pki.ServiceDescriptor;

/**
 * A courier service: the BLAKE2b-256 of its node's identity key and its queue id (the service endpoint, 1 to 32
 * bytes). The daemon reports the courier it chose in every {@code start_resending_encrypted_message} reply, and
 * a copy command can be sent through a given courier. Not secret.
 */
public final class Courier {
    private final byte[] identityHash;
    private final byte[] queueId;

    private Courier(byte[] identityHash, byte[] queueId) {
        if (identityHash == null || identityHash.length != WireSizes.HASH) {
            throw new IllegalArgumentException("courier identity hash must be " + WireSizes.HASH + " bytes, got "
                    + (identityHash == null ? "null" : identityHash.length));
        }
        if (queueId == null || queueId.length == 0 || queueId.length > WireSizes.RECIPIENT_QUEUE_ID_MAX) {
            throw new IllegalArgumentException("courier queue id must be 1 to " + WireSizes.RECIPIENT_QUEUE_ID_MAX
                    + " bytes, got " + (queueId == null ? "null" : queueId.length));
        }
        this.identityHash = identityHash.clone();
        this.queueId = queueId.clone();
    }

    public static Courier of(byte[] identityHash, byte[] queueId) {
        return new Courier(identityHash, queueId);
    }

    /** The queue id as the UTF-8 bytes of {@code queueId}. */
    public static Courier of(byte[] identityHash, String queueId) {
        return new Courier(identityHash, queueId == null ? null : queueId.getBytes(StandardCharsets.UTF_8));
    }

    /** The courier a PKI service descriptor describes (its node's identity key hash and its endpoint). */
    public static Courier of(ServiceDescriptor service) {
        if (service == null) {
            throw new IllegalArgumentException("service must not be null");
        }
        org.katzenpost.thin.Destination d = service.toDestination();
        return of(d.nodeIdHash(), d.queueId());
    }

    /** A copy of the 32-byte identity hash. */
    public byte[] identityHash() {
        return identityHash.clone();
    }

    /** A copy of the queue id bytes. */
    public byte[] queueId() {
        return queueId.clone();
    }

    byte[] rawIdentityHash() {
        return identityHash;
    }

    byte[] rawQueueId() {
        return queueId;
    }

    /** Whether {@code identityKey} (the node's key bytes from the PKI) hashes to this courier's identity hash. */
    public boolean hasIdentityKey(byte[] identityKey) {
        return identityKey != null && Arrays.equals(identityHash, Hashes.blake2b256(identityKey));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Courier && Arrays.equals(identityHash, ((Courier) o).identityHash)
                && Arrays.equals(queueId, ((Courier) o).queueId);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(identityHash) + Arrays.hashCode(queueId);
    }

    @Override
    public String toString() {
        return "Courier(" + HexFormat.of().formatHex(identityHash) + ", queue "
                + new String(queueId, StandardCharsets.UTF_8) + ")";
    }
}
