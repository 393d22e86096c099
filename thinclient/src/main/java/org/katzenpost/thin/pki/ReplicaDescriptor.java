package org.katzenpost.thin.pki;

import java.util.List;
import java.util.Map;
import org.katzenpost.thin.internal.Hashes;

/**
 * A Pigeonhole storage replica from the document's {@code StorageReplicas} (docs/protocol.md#pki-document). Unlike
 * {@link MixDescriptor}s these come as inline maps, not byte strings.
 *
 * <p>Immutable; arrays are copied on the way out; {@link #toString()} shows keys as short hex prefixes.
 */
public final class ReplicaDescriptor {
    private final String name;
    private final int replicaId;
    private final long epoch;
    private final byte[] identityKey;
    private final byte[] linkKey;
    private final Map<Long, byte[]> envelopeKeys;
    private final Map<String, List<String>> addresses;
    private final Map<Object, Object> raw;

    private ReplicaDescriptor(Map<Object, Object> m, String path) {
        this.name = Wire.text(m, "Name", path + ".Name");
        this.replicaId = Wire.uint8(m, "ReplicaID", path + ".ReplicaID");
        this.epoch = Wire.uint(m, "Epoch", path + ".Epoch");
        this.identityKey = Wire.bytes(m, "IdentityKey", path + ".IdentityKey");
        this.linkKey = Wire.bytes(m, "LinkKey", path + ".LinkKey");
        this.envelopeKeys = java.util.Collections.unmodifiableMap(
                Wire.uintToBytes(m, "EnvelopeKeys", path + ".EnvelopeKeys"));
        this.addresses = Wire.addresses(m, "Addresses", path + ".Addresses");
        @SuppressWarnings("unchecked")
        Map<Object, Object> frozen = (Map<Object, Object>) Wire.freeze(m);
        this.raw = frozen;
    }

    static ReplicaDescriptor fromMap(Map<Object, Object> m, String path) {
        return new ReplicaDescriptor(m, path);
    }

    /**
     * Parses a replica descriptor from an already decoded map (one element of {@code StorageReplicas}). Missing keys
     * read as zero or empty.
     *
     * @param m the decoded CBOR map; not kept, a frozen copy is
     * @return the descriptor
     * @throws org.katzenpost.thin.ProtocolViolationException if {@code m} is null or a value has the wrong shape
     */
    public static ReplicaDescriptor fromWire(Map<Object, Object> m) {
        if (m == null) {
            throw new org.katzenpost.thin.ProtocolViolationException("ReplicaDescriptor: null");
        }
        return new ReplicaDescriptor(m, "ReplicaDescriptor");
    }

    /**
     * The replica's name.
     *
     * @return {@code Name}; empty when absent
     */
    public String name() {
        return name;
    }

    /**
     * The replica's number, as listed in {@link PkiDocument#configuredReplicaIds()}.
     *
     * @return 0..255
     */
    public int replicaId() {
        return replicaId;
    }

    /**
     * The PKI epoch this descriptor was published for.
     *
     * @return {@code Epoch}; 0 when absent
     */
    public long epoch() {
        return epoch;
    }

    /**
     * The replica's identity public key.
     *
     * @return a fresh copy; empty when absent
     */
    public byte[] identityKey() {
        return identityKey.clone();
    }

    /**
     * The hash that names this replica.
     *
     * @return BLAKE2b-256 of {@link #identityKey()}, 32 bytes, computed on every call
     */
    public byte[] identityKeyHash() {
        return Hashes.blake2b256(identityKey);
    }

    /**
     * The replica's link-layer public key.
     *
     * @return a fresh copy; empty when absent
     */
    public byte[] linkKey() {
        return linkKey.clone();
    }

    /**
     * The replica's envelope (NIKE) public keys, one per replica epoch; couriers encrypt envelopes to them.
     *
     * @return replica epoch to key (160 bytes seen), ascending; fresh arrays on every call, empty when absent
     */
    public Map<Long, byte[]> envelopeKeys() {
        return Wire.copyOutKeys(envelopeKeys);
    }

    /**
     * Where the replica listens.
     *
     * @return transport (for example {@code "tcp"}) to URLs; unmodifiable, empty when absent
     */
    public Map<String, List<String>> addresses() {
        return addresses;
    }

    /**
     * The decoded map, lossless, unknown keys included.
     *
     * @return a fresh unmodifiable deep copy on every call
     */
    public Map<Object, Object> raw() {
        return Wire.copyOutMap(raw);
    }

    @Override
    public String toString() {
        return "ReplicaDescriptor[name=" + name + ", replicaId=" + replicaId + ", epoch=" + epoch
                + ", identityKey=" + Wire.shortHex(identityKey) + ", linkKey=" + Wire.shortHex(linkKey)
                + ", envelopeKeyEpochs=" + envelopeKeys.keySet() + ", addresses=" + addresses + "]";
    }
}
