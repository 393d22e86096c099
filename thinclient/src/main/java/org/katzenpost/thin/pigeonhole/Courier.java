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

    /**
     * A courier from its wire form.
     *
     * @param identityHash BLAKE2b-256 of the courier node's identity key, 32 bytes; copied
     * @param queueId the courier's queue id, 1 to 32 bytes; copied
     * @return the courier
     * @throws IllegalArgumentException if either array is null or of the wrong length
     */
    public static Courier of(byte[] identityHash, byte[] queueId) {
        return new Courier(identityHash, queueId);
    }

    /**
     * A courier whose queue id is the UTF-8 bytes of a service endpoint.
     *
     * @param identityHash BLAKE2b-256 of the courier node's identity key, 32 bytes; copied
     * @param queueId the courier's endpoint, 1 to 32 UTF-8 bytes
     * @return the courier
     * @throws IllegalArgumentException if either argument is null or of the wrong length
     */
    public static Courier of(byte[] identityHash, String queueId) {
        return new Courier(identityHash, queueId == null ? null : queueId.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The courier a PKI service descriptor describes (its node's identity key hash and its endpoint), for example one
     * of {@code pkiDocument().services("courier")}.
     *
     * @param service the courier service
     * @return the courier
     * @throws IllegalArgumentException if {@code service} is null
     * @throws org.katzenpost.thin.ProtocolViolationException if the service's endpoint is empty or longer than 32
     *        bytes
     */
    public static Courier of(ServiceDescriptor service) {
        if (service == null) {
            throw new IllegalArgumentException("service must not be null");
        }
        org.katzenpost.thin.Destination d = service.toDestination();
        return of(d.nodeIdHash(), d.queueId());
    }

    /**
     * The courier node's id hash.
     *
     * @return a fresh copy of the 32 bytes
     */
    public byte[] identityHash() {
        return identityHash.clone();
    }

    /**
     * The courier's queue id.
     *
     * @return a fresh copy of the 1 to 32 bytes
     */
    public byte[] queueId() {
        return queueId.clone();
    }

    byte[] rawIdentityHash() {
        return identityHash;
    }

    byte[] rawQueueId() {
        return queueId;
    }

    /**
     * Whether a node's key from the PKI document is this courier's, for example to find the courier's descriptor.
     *
     * @param identityKey the node's identity key bytes, or null
     * @return true when it hashes (BLAKE2b-256) to this courier's identity hash; false for null
     */
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
