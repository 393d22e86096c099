package org.katzenpost.thin.pki;

import java.util.List;
import java.util.Map;
import org.katzenpost.thin.ProtocolViolationException;
import org.katzenpost.thin.internal.Hashes;

/**
 * One node's descriptor as it appears in the PKI document (docs/protocol.md#mix-descriptor): mixes in {@code Topology},
 * {@code GatewayNodes} and {@code ServiceNodes}, each a byte string holding this CBOR map.
 *
 * <p>Immutable. Arrays and maps holding arrays are copied on the way out. Public keys are not secrets, but
 * {@link #toString()} prints only short hex prefixes of them.
 */
public final class MixDescriptor {
    /** The capability map's key in current daemons (v0.0.51 and later): {@value}. */
    public static final String KAETZCHEN_KEY = "Kaetzchen";
    /** The capability map's key in daemons up to v0.0.50 (a misread {@code cbor:"omitempty"} tag): {@value}. */
    public static final String LEGACY_KAETZCHEN_KEY = "omitempty";

    private final String name;
    private final long epoch;
    private final byte[] identityKey;
    private final byte[] linkKey;
    private final Map<Long, byte[]> mixKeys;
    private final Map<String, List<String>> addresses;
    private final Map<String, Map<String, Object>> kaetzchen;
    private final Map<String, Map<String, Object>> kaetzchenAdvertizedData;
    private final boolean gatewayNode;
    private final boolean serviceNode;
    private final int loadWeight;
    private final String authenticationType;
    private final String version;
    private final Map<Object, Object> raw;
    private volatile byte[] identityKeyHash;

    private MixDescriptor(Map<Object, Object> m, String path) {
        this.name = Wire.text(m, "Name", path + ".Name");
        this.epoch = Wire.uint(m, "Epoch", path + ".Epoch");
        this.identityKey = Wire.bytes(m, "IdentityKey", path + ".IdentityKey");
        this.linkKey = Wire.bytes(m, "LinkKey", path + ".LinkKey");
        this.mixKeys = java.util.Collections.unmodifiableMap(Wire.uintToBytes(m, "MixKeys", path + ".MixKeys"));
        this.addresses = Wire.addresses(m, "Addresses", path + ".Addresses");
        Object caps = m.get(KAETZCHEN_KEY);
        String capsKey = KAETZCHEN_KEY;
        if (caps == null) {
            caps = m.get(LEGACY_KAETZCHEN_KEY);
            capsKey = LEGACY_KAETZCHEN_KEY;
        }
        this.kaetzchen = Wire.capabilityMap(caps, path + "." + capsKey);
        this.kaetzchenAdvertizedData = Wire.capabilityMap(
                m.get("KaetzchenAdvertizedData"), path + ".KaetzchenAdvertizedData");
        this.gatewayNode = Wire.bool(m, "IsGatewayNode", path + ".IsGatewayNode");
        this.serviceNode = Wire.bool(m, "IsServiceNode", path + ".IsServiceNode");
        this.loadWeight = Wire.uint8(m, "LoadWeight", path + ".LoadWeight");
        this.authenticationType = Wire.text(m, "AuthenticationType", path + ".AuthenticationType");
        this.version = Wire.text(m, "Version", path + ".Version");
        @SuppressWarnings("unchecked")
        // m is the private tree this object was just parsed from: sealed in place, not deep-copied
        Map<Object, Object> frozen = (Map<Object, Object>) Wire.seal(m);
        this.raw = frozen;
    }

    /**
     * Parses the CBOR bytes of one descriptor (the content of a {@code Topology}/{@code GatewayNodes}/{@code
     * ServiceNodes} byte string; docs/protocol.md#mix-descriptor). Missing keys read as zero or empty.
     *
     * @param descriptorCbor the descriptor's CBOR map
     * @return the descriptor
     * @throws ProtocolViolationException when the bytes are null, not CBOR, not a map, or a field has the wrong type
     */
    public static MixDescriptor parse(byte[] descriptorCbor) {
        return parse(descriptorCbor, "MixDescriptor");
    }

    static MixDescriptor parse(byte[] descriptorCbor, String path) {
        Object v = Wire.decode(descriptorCbor, path);
        return fromMap(Wire.asMap(v, path), path);
    }

    static MixDescriptor fromMap(Map<Object, Object> m, String path) {
        return new MixDescriptor(m, path);
    }

    /**
     * The node's name.
     *
     * @return {@code Name}; empty when absent
     */
    public String name() {
        return name;
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
     * The node's identity public key (32 bytes seen).
     *
     * @return a fresh copy; empty when absent
     */
    public byte[] identityKey() {
        return identityKey.clone();
    }

    /**
     * The node's id hash, which a {@link org.katzenpost.thin.Destination} names it with ({@code destination_id_hash}).
     *
     * @return BLAKE2b-256 of {@link #identityKey()}, 32 bytes; a fresh copy
     */
    public byte[] identityKeyHash() {
        byte[] h = identityKeyHash;
        if (h == null) {
            h = Hashes.blake2b256(identityKey);
            identityKeyHash = h;
        }
        return h.clone();
    }

    /**
     * The node's link-layer public key (a 1216-byte X-Wing key seen).
     *
     * @return a fresh copy; empty when absent
     */
    public byte[] linkKey() {
        return linkKey.clone();
    }

    /**
     * The node's Sphinx mix keys, one per epoch.
     *
     * @return epoch to key, ascending; fresh arrays on every call, empty when absent
     */
    public Map<Long, byte[]> mixKeys() {
        return Wire.copyOutKeys(mixKeys);
    }

    /**
     * Where the node listens.
     *
     * @return transport name (for example {@code "tcp4"}) to listener URLs; unmodifiable, empty when absent
     */
    public Map<String, List<String>> addresses() {
        return addresses;
    }

    /**
     * The service capability map: capability (for example {@code "echo"}) to its parameters (for example {@code
     * endpoint}). Read from {@value #KAETZCHEN_KEY}, or from the historical {@value #LEGACY_KAETZCHEN_KEY} key when
     * that is absent (docs/protocol.md#service-discovery).
     *
     * @return an unmodifiable map, empty for nodes that offer no services; byte arrays inside are fresh copies
     */
    public Map<String, Map<String, Object>> kaetzchen() {
        return Wire.copyOutCaps(kaetzchen);
    }

    /**
     * The queue name of one of this node's services.
     *
     * @param capability the capability name, for example {@code "echo"}
     * @return the {@code endpoint}, or empty when the node does not offer the capability or its endpoint is not text
     */
    public java.util.Optional<String> endpoint(String capability) {
        Map<String, Object> params = kaetzchen.get(capability);
        if (params != null && params.get("endpoint") instanceof String s) {
            return java.util.Optional.of(s);
        }
        return java.util.Optional.empty();
    }

    /**
     * {@code KaetzchenAdvertizedData}: what services publish about themselves (the courier's link public key, seen as
     * PEM).
     *
     * @return capability to its data; unmodifiable, empty when absent
     */
    public Map<String, Map<String, Object>> kaetzchenAdvertizedData() {
        return Wire.copyOutCaps(kaetzchenAdvertizedData);
    }

    /**
     * Whether clients can enter the mixnet through this node.
     *
     * @return {@code IsGatewayNode}; false when absent
     */
    public boolean isGatewayNode() {
        return gatewayNode;
    }

    /**
     * Whether this node hosts services.
     *
     * @return {@code IsServiceNode}; false when absent
     */
    public boolean isServiceNode() {
        return serviceNode;
    }

    /**
     * The node's relative load weight.
     *
     * @return {@code LoadWeight}; 0 when absent
     */
    public int loadWeight() {
        return loadWeight;
    }

    /**
     * How the node authenticates link peers ({@code "tofu"} seen on gateways).
     *
     * @return {@code AuthenticationType}; empty when absent
     */
    public String authenticationType() {
        return authenticationType;
    }

    /**
     * The descriptor format version.
     *
     * @return {@code Version}; empty when absent
     */
    public String version() {
        return version;
    }

    /**
     * The decoded descriptor map, lossless, unknown keys included.
     *
     * @return a fresh unmodifiable deep copy on every call
     */
    public Map<Object, Object> raw() {
        return Wire.copyOutMap(raw);
    }

    Map<String, Map<String, Object>> kaetzchenView() {
        return kaetzchen;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("MixDescriptor[name=").append(name)
                .append(", epoch=").append(epoch)
                .append(", identityKey=").append(Wire.shortHex(identityKey))
                .append(", linkKey=").append(Wire.shortHex(linkKey))
                .append(", mixKeyEpochs=").append(mixKeys.keySet())
                .append(", addresses=").append(addresses);
        if (gatewayNode) {
            sb.append(", gateway");
        }
        if (serviceNode) {
            sb.append(", service");
        }
        if (!kaetzchen.isEmpty()) {
            sb.append(", services=").append(kaetzchen.keySet());
        }
        return sb.append(']').toString();
    }
}
