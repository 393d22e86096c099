package org.katzenpost.thin.pki;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;
import org.katzenpost.thin.ProtocolViolationException;

/**
 * Immutable typed view of a PKI document as kpclientd hands it to clients: the "stripped" document of
 * {@code new_pki_document_event.payload}, or the {@code Certified} bytes inside a signed document
 * (docs/protocol.md#pki-document; see {@link SignedPkiDocument}).
 *
 * <p>Decoding follows Go's rules: missing keys and {@code null} read as zero or empty, unknown keys are
 * ignored (but kept in {@link #raw()}), and any value of the wrong shape is a
 * {@link ProtocolViolationException} naming its path. Nothing else escapes {@link #parse(byte[])}.
 *
 * <p>Every accessor returns unmodifiable collections and fresh copies of byte arrays. Instances are safe to
 * share between threads.
 */
public final class PkiDocument {
    private final byte[] encoded;
    private final Map<Object, Object> raw;

    private final long epoch;
    private final long genesisEpoch;
    private final double mu;
    private final double lambdaP;
    private final double lambdaL;
    private final double lambdaM;
    private final double lambdaG;
    private final double lambdaR;
    private final OptionalDouble lambdaD;
    private final OptionalLong sendRatePerMinute;
    private final Map<String, Long> legacyMaxDelays;

    private final List<List<MixDescriptor>> topology;
    private final List<MixDescriptor> gateways;
    private final List<MixDescriptor> serviceNodes;
    private final List<ReplicaDescriptor> storageReplicas;
    private final List<Integer> configuredReplicaIds;
    private final List<byte[]> configuredReplicaIdentityKeys;
    private final Map<ByteKey, byte[]> sharedRandomCommit;
    private final Map<ByteKey, byte[]> sharedRandomReveal;
    private final byte[] sharedRandomValue;
    private final List<byte[]> priorSharedRandom;
    private final byte[] sphinxGeometryHash;
    private final String version;
    private final String pkiSignatureScheme;

    private static final String P = "PKI document";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PkiDocument.class);

    private PkiDocument(byte[] encoded, Map<Object, Object> m) {
        this.encoded = encoded;
        this.epoch = Wire.uint(m, "Epoch", P + ".Epoch");
        this.genesisEpoch = Wire.uint(m, "GenesisEpoch", P + ".GenesisEpoch");
        this.mu = Wire.number(m, "Mu", P + ".Mu");
        this.lambdaP = Wire.number(m, "LambdaP", P + ".LambdaP");
        this.lambdaL = Wire.number(m, "LambdaL", P + ".LambdaL");
        this.lambdaM = Wire.number(m, "LambdaM", P + ".LambdaM");
        this.lambdaG = Wire.number(m, "LambdaG", P + ".LambdaG");
        this.lambdaR = Wire.number(m, "LambdaR", P + ".LambdaR");
        this.lambdaD = m.get("LambdaD") == null
                ? OptionalDouble.empty()
                : OptionalDouble.of(Wire.number(m, "LambdaD", P + ".LambdaD"));
        this.sendRatePerMinute = m.get("SendRatePerMinute") == null
                ? OptionalLong.empty()
                : OptionalLong.of(Wire.uint(m, "SendRatePerMinute", P + ".SendRatePerMinute"));
        Map<String, Long> delays = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : m.entrySet()) {
            if (e.getKey() instanceof String k && k.endsWith("MaxDelay") && e.getValue() != null) {
                delays.put(k, Wire.uint(e.getValue(), P + "." + k));
            }
        }
        this.legacyMaxDelays = Collections.unmodifiableMap(delays);

        List<Object> layers = Wire.optList(m, "Topology", P + ".Topology");
        List<List<MixDescriptor>> topo = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            String path = P + ".Topology[" + i + "]";
            Object layer = layers.get(i);
            if (layer == null) {
                topo.add(List.of());
                continue;
            }
            if (!(layer instanceof List<?> nodes)) {
                throw Wire.bad(path, "an array", layer);
            }
            topo.add(Wire.mixDescriptors(nodes, path));
        }
        this.topology = List.copyOf(topo);
        this.gateways = Wire.mixDescriptors(Wire.optList(m, "GatewayNodes", P + ".GatewayNodes"), P + ".GatewayNodes");
        this.serviceNodes = Wire.mixDescriptors(Wire.optList(m, "ServiceNodes", P + ".ServiceNodes"), P + ".ServiceNodes");

        List<Object> reps = Wire.optList(m, "StorageReplicas", P + ".StorageReplicas");
        List<ReplicaDescriptor> replicas = new ArrayList<>(reps.size());
        for (int i = 0; i < reps.size(); i++) {
            String path = P + ".StorageReplicas[" + i + "]";
            Object r = reps.get(i);
            if (r instanceof byte[] b) { // tolerate a bstr-wrapped replica too
                replicas.add(ReplicaDescriptor.fromMap(Wire.asMap(Wire.decode(b, path), path), path));
            } else {
                replicas.add(ReplicaDescriptor.fromMap(Wire.asMap(r, path), path));
            }
        }
        this.storageReplicas = List.copyOf(replicas);

        this.configuredReplicaIds = Wire.replicaIds(m.get("ConfiguredReplicaIDs"), P + ".ConfiguredReplicaIDs");
        this.configuredReplicaIdentityKeys = Wire.byteList(
                Wire.optList(m, "ConfiguredReplicaIdentityKeys", P + ".ConfiguredReplicaIdentityKeys"),
                P + ".ConfiguredReplicaIdentityKeys");
        this.sharedRandomCommit = Wire.byteKeyed(m, "SharedRandomCommit", P + ".SharedRandomCommit");
        this.sharedRandomReveal = Wire.byteKeyed(m, "SharedRandomReveal", P + ".SharedRandomReveal");
        this.sharedRandomValue = Wire.bytes(m, "SharedRandomValue", P + ".SharedRandomValue");
        this.priorSharedRandom = Wire.byteList(
                Wire.optList(m, "PriorSharedRandom", P + ".PriorSharedRandom"), P + ".PriorSharedRandom");
        this.sphinxGeometryHash = Wire.bytes(m, "SphinxGeometryHash", P + ".SphinxGeometryHash");
        this.version = Wire.text(m, "Version", P + ".Version");
        this.pkiSignatureScheme = Wire.text(m, "PKISignatureScheme", P + ".PKISignatureScheme");

        @SuppressWarnings("unchecked")
        // m is the private tree this object was just parsed from: sealed in place, not deep-copied
        Map<Object, Object> frozen = (Map<Object, Object>) Wire.seal(m);
        this.raw = frozen;
    }

    /**
     * Parses a stripped PKI document (a bare CBOR map, no certificate around it).
     *
     * @param strippedDocumentCbor the {@code payload} of {@code new_pki_document_event}, or {@link
     *        SignedPkiDocument#certified()}; copied
     * @return the document
     * @throws ProtocolViolationException on a null or empty array, malformed CBOR, trailing bytes, a non-map document,
     *        or any value of the wrong shape (the message names the offending path)
     */
    public static PkiDocument parse(byte[] strippedDocumentCbor) {
        if (strippedDocumentCbor == null || strippedDocumentCbor.length == 0) {
            throw new ProtocolViolationException(P + ": empty payload");
        }
        byte[] copy = strippedDocumentCbor.clone();
        Object v = Wire.decode(copy, P);
        try {
            return new PkiDocument(copy, Wire.asMap(v, P));
        } catch (ProtocolViolationException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // Defence in depth: no decoding bug may surface as anything but a protocol violation.
            throw new ProtocolViolationException(P + ": cannot interpret document (" + e + ")", e);
        }
    }

    // ---------------------------------------------------------------- scalar fields

    /**
     * The epoch this document is for: 20-minute periods counted from 2017-06-01 UTC (2 minutes on a warped testnet;
     * docs/protocol.md#pki-document).
     *
     * @return the epoch number
     */
    public long epoch() {
        return epoch;
    }

    /**
     * The first epoch of this network.
     *
     * @return {@code GenesisEpoch}; 0 when absent
     */
    public long genesisEpoch() {
        return genesisEpoch;
    }

    /**
     * {@code Mu}: the rate parameter of the per-hop mixing delay, the inverse of its mean in milliseconds.
     *
     * @return {@code Mu}; 0 when absent
     */
    public double mu() {
        return mu;
    }

    /**
     * {@code LambdaP}: the rate parameter of the Poisson process with which a client sends, messages or decoys.
     *
     * @return {@code LambdaP}; 0 when absent
     */
    public double lambdaP() {
        return lambdaP;
    }

    /**
     * {@code LambdaL}: the rate parameter of a client's loop decoy traffic.
     *
     * @return {@code LambdaL}; 0 when absent
     */
    public double lambdaL() {
        return lambdaL;
    }

    /**
     * {@code LambdaM}: the rate parameter of the mixes' own loop decoy traffic.
     *
     * @return {@code LambdaM}; 0 when absent
     */
    public double lambdaM() {
        return lambdaM;
    }

    /**
     * {@code LambdaG}: the rate parameter of the gateways' loop decoy traffic.
     *
     * @return {@code LambdaG}; 0 when absent
     */
    public double lambdaG() {
        return lambdaG;
    }

    /**
     * {@code LambdaR}, a rate parameter of newer documents.
     *
     * @return {@code LambdaR}; 0 in documents that do not have it
     */
    public double lambdaR() {
        return lambdaR;
    }

    /**
     * {@code LambdaD}, the drop-decoy rate of old documents (for example v0.0.47).
     *
     * @return the value, or empty when the document has none
     */
    public OptionalDouble lambdaD() {
        return lambdaD;
    }

    /**
     * {@code SendRatePerMinute} of old documents.
     *
     * @return the value, or empty when the document has none
     */
    public OptionalLong sendRatePerMinute() {
        return sendRatePerMinute;
    }

    /**
     * The old {@code *MaxDelay} integer fields, by key.
     *
     * @return key to milliseconds, in document order; empty when the document has none; unmodifiable
     */
    public Map<String, Long> legacyMaxDelays() {
        return legacyMaxDelays;
    }

    // ---------------------------------------------------------------- nodes

    /**
     * The mix layers, in path order.
     *
     * @return one unmodifiable list per layer, each layer's descriptors in document order; empty when absent
     */
    public List<List<MixDescriptor>> topology() {
        return topology;
    }

    /**
     * The gateway nodes, through which clients enter the mixnet.
     *
     * @return the descriptors in document order; unmodifiable, empty when absent
     */
    public List<MixDescriptor> gateways() {
        return gateways;
    }

    /**
     * The service nodes: where services such as {@code echo} and {@code courier} are found
     * (docs/protocol.md#service-discovery).
     *
     * @return the descriptors in document order; unmodifiable, empty when absent
     */
    public List<MixDescriptor> serviceNodes() {
        return serviceNodes;
    }

    /**
     * The Pigeonhole storage replicas.
     *
     * @return the descriptors in document order; unmodifiable, empty when absent
     */
    public List<ReplicaDescriptor> storageReplicas() {
        return storageReplicas;
    }

    /**
     * Every node descriptor in the document.
     *
     * @return mixes layer by layer, then gateways, then service nodes; a fresh unmodifiable list
     */
    public List<MixDescriptor> allNodes() {
        List<MixDescriptor> all = new ArrayList<>();
        topology.forEach(all::addAll);
        all.addAll(gateways);
        all.addAll(serviceNodes);
        return Collections.unmodifiableList(all);
    }

    /**
     * Finds a node by the hash a {@link org.katzenpost.thin.Destination} names it with.
     *
     * @param idHash the BLAKE2b-256 hash of the node's identity key,
     *        {@value DirectoryAuthority#IDENTITY_KEY_HASH_LENGTH} bytes
     * @return the first node (in {@link #allNodes()} order) whose identity key hashes to {@code idHash}, or empty
     * @throws NullPointerException if {@code idHash} is null
     * @throws IllegalArgumentException if {@code idHash} is not {@value DirectoryAuthority#IDENTITY_KEY_HASH_LENGTH}
     *         bytes (a key rather than its hash, say)
     */
    public Optional<MixDescriptor> nodeByIdentityKeyHash(byte[] idHash) {
        // a wrong length could never match: an empty result would hide the caller's mix-up
        requireKeyHash(idHash, "idHash");
        for (MixDescriptor d : allNodes()) {
            if (java.security.MessageDigest.isEqual(d.identityKeyHash(), idHash)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** Checks that {@code hash}, the argument {@code name}, is a BLAKE2b-256 key hash. */
    static void requireKeyHash(byte[] hash, String name) {
        Objects.requireNonNull(hash, name + " is null");
        if (hash.length != DirectoryAuthority.IDENTITY_KEY_HASH_LENGTH) {
            throw new IllegalArgumentException(name + " must be " + DirectoryAuthority.IDENTITY_KEY_HASH_LENGTH
                    + " bytes (a BLAKE2b-256 key hash), got " + hash.length);
        }
    }

    /**
     * {@code ConfiguredReplicaIDs}: the replica ids the network is configured with.
     *
     * @return one id 0..255 per byte of that byte string; unmodifiable, empty when absent
     */
    public List<Integer> configuredReplicaIds() {
        return configuredReplicaIds;
    }

    /**
     * {@code ConfiguredReplicaIdentityKeys}: the identity keys of the configured replicas.
     *
     * @return fresh copies of the keys (32 bytes each on today's networks) in document order; empty when absent
     */
    public List<byte[]> configuredReplicaIdentityKeys() {
        return Wire.copyOutList(configuredReplicaIdentityKeys);
    }

    // ---------------------------------------------------------------- shared random, misc

    /**
     * {@code SharedRandomCommit}: the directory authorities' signed commits to this epoch's shared random value.
     *
     * @return authority key hash (32 bytes) to a fresh copy of its commit; empty when absent or null, as in the
     *        client's copy
     */
    public Map<ByteKey, byte[]> sharedRandomCommit() {
        return Wire.copyOutByteKeyed(sharedRandomCommit);
    }

    /**
     * {@code SharedRandomReveal}: the directory authorities' reveals of their shared random contributions.
     *
     * @return authority key hash (32 bytes) to a fresh copy of its reveal; empty when absent or null, as in the
     *        client's copy
     */
    public Map<ByteKey, byte[]> sharedRandomReveal() {
        return Wire.copyOutByteKeyed(sharedRandomReveal);
    }

    /**
     * {@code SharedRandomValue}: the random value the authorities agreed on for this epoch.
     *
     * @return a fresh copy; empty when absent
     */
    public byte[] sharedRandomValue() {
        return sharedRandomValue.clone();
    }

    /**
     * {@code PriorSharedRandom}: the shared random values of earlier epochs.
     *
     * @return fresh copies in document order; empty when absent
     */
    public List<byte[]> priorSharedRandom() {
        return Wire.copyOutList(priorSharedRandom);
    }

    /**
     * {@code SphinxGeometryHash}: identifies the Sphinx packet geometry the network uses.
     *
     * @return a fresh copy; empty when absent
     */
    public byte[] sphinxGeometryHash() {
        return sphinxGeometryHash.clone();
    }

    /**
     * The document format version.
     *
     * @return {@code Version}, {@code "v1"} today; empty when absent
     */
    public String version() {
        return version;
    }

    /**
     * The signature scheme of the directory authorities.
     *
     * @return {@code PKISignatureScheme}; empty when absent
     */
    public String pkiSignatureScheme() {
        return pkiSignatureScheme;
    }

    /**
     * The whole decoded document, lossless: wire key order, byte-string keys as {@link ByteKey}, descriptors still as
     * their {@code byte[]}, unknown keys included.
     *
     * @return a fresh unmodifiable deep copy on every call
     */
    public Map<Object, Object> raw() {
        return Wire.copyOutMap(raw);
    }

    /**
     * The exact bytes this document was parsed from.
     *
     * @return a fresh copy
     */
    public byte[] encoded() {
        return encoded.clone();
    }

    // ---------------------------------------------------------------- services

    /**
     * Every service node offering {@code capability} (docs/protocol.md#service-discovery). Entries whose {@code
     * endpoint} is missing, not text, or not 1..32 UTF-8 bytes are left out: they could not be addressed.
     *
     * @param capability the service's capability name, for example {@code "echo"} or {@code "courier"}
     * @return the services in document order; unmodifiable, empty when none offers it
     * @throws NullPointerException if {@code capability} is null
     */
    public List<ServiceDescriptor> services(String capability) {
        Objects.requireNonNull(capability, "capability");
        List<ServiceDescriptor> out = new ArrayList<>();
        for (MixDescriptor node : serviceNodes) {
            Map<String, Object> params = node.kaetzchenView().get(capability);
            if (params != null && params.get("endpoint") instanceof String endpoint) {
                ServiceDescriptor s = new ServiceDescriptor(capability, endpoint, node);
                if (s.hasValidEndpoint()) {
                    out.add(s);
                } else if (LOG.isDebugEnabled()) {
                    LOG.debug("PKI epoch {}: ignoring service '{}' on node '{}': endpoint of {} UTF-8 bytes is not 1..32",
                            epoch, capability, node.name(), endpoint.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
                }
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * One service offering {@code capability}, chosen uniformly at random among {@link #services(String)} (as the
     * reference clients do).
     *
     * @param capability the service's capability name, for example {@code "echo"}
     * @param rnd the source of the choice
     * @return the chosen service, or empty when none offers it
     * @throws NullPointerException if either argument is null
     */
    public Optional<ServiceDescriptor> service(String capability, RandomGenerator rnd) {
        Objects.requireNonNull(rnd, "rnd");
        List<ServiceDescriptor> all = services(capability);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(rnd.nextInt(all.size())));
    }

    /**
     * The capabilities offered by any service node, including those whose endpoint {@link #services(String)} would
     * leave out.
     *
     * @return the names, sorted; unmodifiable
     */
    public java.util.SortedSet<String> capabilities() {
        java.util.TreeSet<String> caps = new java.util.TreeSet<>();
        for (MixDescriptor node : serviceNodes) {
            caps.addAll(node.kaetzchenView().keySet());
        }
        return Collections.unmodifiableSortedSet(caps);
    }

    @Override
    public String toString() {
        int mixes = topology.stream().mapToInt(List::size).sum();
        return "PkiDocument[epoch=" + epoch + ", version=" + version + ", layers=" + topology.size()
                + ", mixes=" + mixes + ", gateways=" + gateways.size() + ", serviceNodes=" + serviceNodes.size()
                + ", replicas=" + storageReplicas.size() + "]";
    }
}
