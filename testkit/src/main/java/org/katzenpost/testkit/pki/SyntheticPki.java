package org.katzenpost.testkit.pki;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.katzenpost.thin.internal.Hashes;
import org.katzenpost.thin.pki.ByteKey;
import org.katzenpost.thin.pki.PkiDocument;
import org.katzenpost.thin.pki.SignedPkiDocument;

/**
 * Builds realistic PKI documents, shaped exactly like the ones kpclientd sends (docs/protocol.md#pki), for tests,
 * the simulator and benchmarks:
 *
 * <pre>{@code
 * SyntheticPki.Built pki = SyntheticPki.builder()
 *         .epoch(e).layers(3).mixesPerLayer(2).gateways(1)
 *         .serviceNodes(1, "echo", "+echo", "courier", "courier")
 *         .replicas(2)
 *         .build();
 * byte[] eventPayload = pki.strippedDocument();   // new_pki_document_event.payload
 * byte[] replyPayload = pki.signedDocument();     // get_pki_document_reply.payload
 * List<Map<Object, Object>> auths = pki.directoryAuthorities();
 * }</pre>
 *
 * <p>Shape: a PascalCase map; every mix, gateway and service node descriptor is a byte string holding its
 * canonically encoded map; storage replicas are inline maps; {@code SharedRandomCommit}/{@code Reveal} have
 * 32-byte byte-string keys; rates are floats ({@link Builder#canonical(boolean) canonical} mode writes them in
 * the shortest width, as the daemon's first document event does; default mode writes float64, as its later
 * broadcasts do).
 *
 * <p><b>Nothing here is real cryptography.</b> Keys are deterministic pseudo-random bytes of realistic sizes
 * (from the {@link Builder#seed(long) seed}), and the signatures in {@link Built#signedDocument()} and in the
 * shared-random commits are random bytes of a plausible size ({@link Builder#signatureSize(int)}): they parse
 * like the real thing but verify against nothing. The authorities' PEM blocks hold the fake keys.
 */
public final class SyntheticPki {
    /** The start of Katzenpost epoch 0: 2017-06-01 00:00 UTC. */
    public static final Instant EPOCH_ZERO = Instant.parse("2017-06-01T00:00:00Z");
    /** The length of a Katzenpost epoch on a real network: 20 minutes (docs/protocol.md#pki-document). */
    public static final Duration EPOCH_PERIOD = Duration.ofMinutes(20);

    private SyntheticPki() {}

    /**
     * Starts a document with realistic defaults: the current epoch, 3 layers of 2 mixes, 1 gateway, 1 service node
     * offering {@code echo} and {@code courier}, 2 replicas and 3 authorities.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The Katzenpost epoch containing an instant.
     *
     * @param now the instant, after {@link #EPOCH_ZERO}
     * @return whole {@link #EPOCH_PERIOD}s since {@link #EPOCH_ZERO}
     */
    public static long epochAt(Instant now) {
        return Duration.between(EPOCH_ZERO, now).toMillis() / EPOCH_PERIOD.toMillis();
    }

    /**
     * The Katzenpost epoch of the system clock.
     *
     * @return {@link #epochAt(Instant)} of now
     */
    public static long currentEpoch() {
        return epochAt(Instant.now());
    }

    /**
     * One service offered by every service node.
     *
     * @param capability the capability name, for example {@code "echo"}
     * @param endpoint its endpoint (queue id), for example {@code "+echo"}
     */
    public record Service(String capability, String endpoint) {
        /**
         * Checks that both parts are present.
         *
         * @param capability the capability name
         * @param endpoint its endpoint
         * @throws NullPointerException if either is null
         */
        public Service {
            Objects.requireNonNull(capability, "capability");
            Objects.requireNonNull(endpoint, "endpoint");
        }
    }

    /** Builder; every setting has a realistic default. Not thread-safe; build() may be called repeatedly. */
    public static final class Builder {
        private Long epoch;
        private Long genesisEpoch;
        private long seed = 1;
        private int layers = 3;
        private int mixesPerLayer = 2;
        private int gateways = 1;
        private int serviceNodes = 1;
        private List<Service> services = List.of(new Service("echo", "+echo"), new Service("courier", "courier"));
        private int replicas = 2;
        private int authorities = 3;
        private boolean canonical = true;
        private boolean legacyKaetzchenKey;
        private boolean legacyRateFields;
        private boolean lambdaR = true;
        private String version = "v1";
        private String pkiSignatureScheme = "Ed25519";
        private String wireKemScheme = "xwing";
        private int identityKeySize = 32;
        private int linkKeySize = 1216;
        private int mixKeySize = 32;
        private int envelopeKeySize = 160;
        private int signatureSize = 64;
        private boolean sharedRandomCommits;
        private double mu = 0.005;
        private double lambdaP = 0.001;
        private double lambdaL = 0.0005;
        private double lambdaM = 0.0005;
        private double lambdaG = 0.0015;
        private double lambdaRValue = 0.005;
        private final Map<String, Object> extraFields = new LinkedHashMap<>();

        private Builder() {}

        /**
         * The document's epoch; default: {@link SyntheticPki#currentEpoch()}.
         *
         * @param epoch the epoch
         * @return this builder
         */
        public Builder epoch(long epoch) {
            this.epoch = epoch;
            return this;
        }

        /**
         * The network's first epoch; default: 10 epochs before {@link #epoch(long)}.
         *
         * @param genesisEpoch the epoch
         * @return this builder
         */
        public Builder genesisEpoch(long genesisEpoch) {
            this.genesisEpoch = genesisEpoch;
            return this;
        }

        /**
         * Seed of the deterministic fake keys: the same settings and seed give the same bytes. Default 1.
         *
         * @param seed any value
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Number of mix layers; default 3.
         *
         * @param layers zero or more
         * @return this builder
         * @throws IllegalArgumentException if {@code layers} is negative
         */
        public Builder layers(int layers) {
            this.layers = nonNegative(layers, "layers");
            return this;
        }

        /**
         * Mixes in each layer; default 2.
         *
         * @param n zero or more
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is negative
         */
        public Builder mixesPerLayer(int n) {
            this.mixesPerLayer = nonNegative(n, "mixesPerLayer");
            return this;
        }

        /**
         * Number of gateway nodes; default 1.
         *
         * @param n zero or more
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is negative
         */
        public Builder gateways(int n) {
            this.gateways = nonNegative(n, "gateways");
            return this;
        }

        /**
         * {@code count} service nodes, each offering every service given as alternating capability / endpoint strings,
         * for example {@code serviceNodes(2, "echo", "+echo", "courier", "courier")}. Default: one node with echo and
         * courier.
         *
         * @param count zero or more
         * @param capabilityEndpointPairs capability, endpoint, capability, endpoint, and so on
         * @return this builder
         * @throws IllegalArgumentException if {@code count} is negative or the strings do not come in pairs
         * @throws NullPointerException if a string is null
         */
        public Builder serviceNodes(int count, String... capabilityEndpointPairs) {
            if (capabilityEndpointPairs.length % 2 != 0) {
                throw new IllegalArgumentException("capabilities and endpoints must come in pairs");
            }
            List<Service> s = new ArrayList<>();
            for (int i = 0; i < capabilityEndpointPairs.length; i += 2) {
                s.add(new Service(capabilityEndpointPairs[i], capabilityEndpointPairs[i + 1]));
            }
            this.serviceNodes = nonNegative(count, "serviceNodes");
            this.services = List.copyOf(s);
            return this;
        }

        /**
         * Number of storage replicas; default 2.
         *
         * @param n 0 to 256 (replica ids are one byte)
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is out of that range
         */
        public Builder replicas(int n) {
            if (n > 256) {
                throw new IllegalArgumentException("at most 256 replicas (ids are uint8)");
            }
            this.replicas = nonNegative(n, "replicas");
            return this;
        }

        /**
         * Number of directory authorities, and so of signatures on the signed document; default 3.
         *
         * @param n zero or more
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is negative
         */
        public Builder authorities(int n) {
            this.authorities = nonNegative(n, "authorities");
            return this;
        }

        /**
         * How the stripped document is encoded. Descriptors and the certified document are canonical either way.
         *
         * @param canonical true (default): canonical, as in the first {@code new_pki_document_event} of a connection;
         *        false: default mode (struct-field order, float64), as in later broadcasts
         * @return this builder
         */
        public Builder canonical(boolean canonical) {
            this.canonical = canonical;
            return this;
        }

        /**
         * Puts service maps under the historical {@code "omitempty"} key, as daemons up to v0.0.50 did; default false.
         *
         * @param legacy true for the old key
         * @return this builder
         */
        public Builder legacyKaetzchenKey(boolean legacy) {
            this.legacyKaetzchenKey = legacy;
            return this;
        }

        /**
         * Adds the old {@code SendRatePerMinute}, {@code LambdaD} and {@code *MaxDelay} fields (for example of
         * v0.0.47); default false.
         *
         * @param legacy true to add them
         * @return this builder
         */
        public Builder legacyRateFields(boolean legacy) {
            this.legacyRateFields = legacy;
            return this;
        }

        /**
         * Whether the document has {@code LambdaR} (v1 format); default true.
         *
         * @param present false to leave it out
         * @return this builder
         */
        public Builder lambdaR(boolean present) {
            this.lambdaR = present;
            return this;
        }

        /**
         * The rate parameters (see {@link PkiDocument#mu()} and the following accessors). Defaults: 0.005, 0.001,
         * 0.0005, 0.0005, 0.0015, 0.005.
         *
         * @param mu {@code Mu}
         * @param lambdaP {@code LambdaP}
         * @param lambdaL {@code LambdaL}
         * @param lambdaM {@code LambdaM}
         * @param lambdaG {@code LambdaG}
         * @param lambdaR {@code LambdaR}, written only when {@link #lambdaR(boolean)} is on
         * @return this builder
         */
        public Builder rates(double mu, double lambdaP, double lambdaL, double lambdaM, double lambdaG, double lambdaR) {
            this.mu = mu;
            this.lambdaP = lambdaP;
            this.lambdaL = lambdaL;
            this.lambdaM = lambdaM;
            this.lambdaG = lambdaG;
            this.lambdaRValue = lambdaR;
            return this;
        }

        /**
         * The document's {@code Version}; default {@code "v1"}.
         *
         * @param version any text
         * @return this builder
         * @throws NullPointerException if {@code version} is null
         */
        public Builder version(String version) {
            this.version = Objects.requireNonNull(version);
            return this;
        }

        /**
         * The document's and the authorities' signature scheme name; default {@code "Ed25519"}.
         *
         * @param scheme any text
         * @return this builder
         * @throws NullPointerException if {@code scheme} is null
         */
        public Builder pkiSignatureScheme(String scheme) {
            this.pkiSignatureScheme = Objects.requireNonNull(scheme);
            return this;
        }

        /**
         * The authorities' link KEM scheme name; default {@code "xwing"}.
         *
         * @param scheme any text
         * @return this builder
         * @throws NullPointerException if {@code scheme} is null
         */
        public Builder wireKemScheme(String scheme) {
            this.wireKemScheme = Objects.requireNonNull(scheme);
            return this;
        }

        /**
         * Sizes of the fake keys, in bytes; defaults 32, 1216, 32 and 160.
         *
         * @param identity identity keys
         * @param link link keys
         * @param mix mix keys
         * @param envelope replica envelope keys
         * @return this builder
         * @throws IllegalArgumentException if a size is zero or negative
         */
        public Builder keySizes(int identity, int link, int mix, int envelope) {
            this.identityKeySize = positive(identity, "identity");
            this.linkKeySize = positive(link, "link");
            this.mixKeySize = positive(mix, "mix");
            this.envelopeKeySize = positive(envelope, "envelope");
            return this;
        }

        /**
         * Fills {@code SharedRandomCommit}/{@code SharedRandomReveal} with one fake signed commit per authority, keyed
         * by 32-byte key hashes. Default false: the v0.0.99 capture carries {@code null} for both.
         *
         * @param present true to fill them
         * @return this builder
         */
        public Builder sharedRandomCommits(boolean present) {
            this.sharedRandomCommits = present;
            return this;
        }

        /**
         * Size of each fake signature; default 64 (Ed25519, as in the v0.0.99 capture). A hybrid "Ed25519 Sphincs+"
         * network would have about 49 920.
         *
         * @param size bytes, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code size} is zero or negative
         */
        public Builder signatureSize(int size) {
            this.signatureSize = positive(size, "signatureSize");
            return this;
        }

        /**
         * Adds a top-level key, for example to test that unknown keys are ignored.
         *
         * @param key the key
         * @param value any value {@link CborValues} encodes, null included
         * @return this builder
         * @throws NullPointerException if {@code key} is null
         */
        public Builder extraField(String key, Object value) {
            extraFields.put(Objects.requireNonNull(key), value);
            return this;
        }

        private static int nonNegative(int n, String what) {
            if (n < 0) {
                throw new IllegalArgumentException(what + " must be >= 0");
            }
            return n;
        }

        private static int positive(int n, String what) {
            if (n <= 0) {
                throw new IllegalArgumentException(what + " must be > 0");
            }
            return n;
        }

        /**
         * Generates the document from the settings so far; can be called again, after more changes too.
         *
         * @return the document in its wire forms
         * @throws IllegalArgumentException if an extra field's value cannot be encoded
         */
        public Built build() {
            return new Generator(this).generate();
        }
    }

    /** The generated document in its wire forms, plus the fake key material for assertions. */
    public static final class Built {
        private final long epoch;
        private final byte[] stripped;
        private final byte[] certified;
        private final byte[] signed;
        private final List<Map<Object, Object>> authorities;
        private final Map<String, byte[]> identityKeys;

        Built(long epoch, byte[] stripped, byte[] certified, byte[] signed, List<Map<Object, Object>> authorities,
                Map<String, byte[]> identityKeys) {
            this.epoch = epoch;
            this.stripped = stripped;
            this.certified = certified;
            this.signed = signed;
            this.authorities = authorities;
            this.identityKeys = identityKeys;
        }

        /**
         * The document's epoch.
         *
         * @return the epoch the document was built for
         */
        public long epoch() {
            return epoch;
        }

        /**
         * The document as {@code new_pki_document_event.payload} carries it (a bare map, no signatures).
         *
         * @return a fresh copy
         */
        public byte[] strippedDocument() {
            return stripped.clone();
        }

        /**
         * The canonical document bytes that the certificate certifies.
         *
         * @return a fresh copy
         */
        public byte[] certifiedDocument() {
            return certified.clone();
        }

        /**
         * The cert-wrapped document as {@code get_pki_document_reply.payload} carries it; its signatures are fake
         * (random bytes of a plausible size).
         *
         * @return a fresh copy
         */
        public byte[] signedDocument() {
            return signed.clone();
        }

        /**
         * The {@code get_directory_authorities_reply.authorities} array.
         *
         * @return one wire map per authority; fresh copies
         */
        public List<Map<Object, Object>> directoryAuthorities() {
            List<Map<Object, Object>> out = new ArrayList<>();
            for (Map<Object, Object> a : authorities) {
                Map<Object, Object> copy = new LinkedHashMap<>(a);
                copy.put("addresses", new ArrayList<>((List<?>) a.get("addresses")));
                copy.put("identity_key_hash", ((byte[]) a.get("identity_key_hash")).clone());
                out.add(copy);
            }
            return out;
        }

        /**
         * The fake identity key of a node, replica or authority.
         *
         * @param name one of {@link #names()}, for example {@code "mix1"} or {@code "auth1"}
         * @return a fresh copy
         * @throws IllegalArgumentException if no node has that name
         */
        public byte[] identityKey(String name) {
            byte[] k = identityKeys.get(name);
            if (k == null) {
                throw new IllegalArgumentException("no node named " + name);
            }
            return k.clone();
        }

        /**
         * Every node's name.
         *
         * @return mixes, gateways, service nodes, replicas, then authorities, in document order; unmodifiable
         */
        public List<String> names() {
            return List.copyOf(identityKeys.keySet());
        }

        /**
         * The stripped document, parsed with the library's own parser.
         *
         * @return a new parse on every call
         */
        public PkiDocument document() {
            return PkiDocument.parse(stripped);
        }

        /**
         * The signed document, parsed with the library's own parser.
         *
         * @return a new parse on every call
         */
        public SignedPkiDocument signed() {
            return SignedPkiDocument.parse(signed);
        }
    }

    /** Does the work for one build(). */
    private static final class Generator {
        private final Builder b;
        private final SplittableRandom rnd;
        private final long epoch;
        private final Map<String, byte[]> identityKeys = new LinkedHashMap<>();
        private int port = 30000;

        Generator(Builder b) {
            this.b = b;
            this.rnd = new SplittableRandom(b.seed);
            this.epoch = b.epoch != null ? b.epoch : currentEpoch();
        }

        private byte[] random(int n) {
            byte[] out = new byte[n];
            rnd.nextBytes(out);
            return out;
        }

        /** As in the capture: mixes list a {@code tcp4} URL, replicas a {@code tcp} one. */
        private Map<Object, Object> addresses(String transport) {
            Map<Object, Object> a = new LinkedHashMap<>();
            a.put(transport, List.of("tcp://127.0.0.1:" + (port++)));
            return a;
        }

        /** A MixDescriptor map in Go struct-field order, encoded canonically (as MarshalBinary does). */
        private byte[] descriptor(String name, boolean gateway, boolean service) {
            byte[] identity = random(b.identityKeySize);
            identityKeys.put(name, identity);
            Map<Object, Object> d = new LinkedHashMap<>();
            d.put("Name", name);
            d.put("Epoch", epoch);
            d.put("IdentityKey", identity);
            d.put("LinkKey", random(b.linkKeySize));
            Map<Object, Object> mixKeys = new LinkedHashMap<>();
            for (long e = epoch; e < epoch + 3; e++) {
                mixKeys.put(e, random(b.mixKeySize));
            }
            d.put("MixKeys", mixKeys);
            d.put("Addresses", addresses("tcp4"));
            Object caps = null;
            Object advertized = null;
            if (service && !b.services.isEmpty()) {
                Map<Object, Object> k = new LinkedHashMap<>();
                Map<Object, Object> adv = new LinkedHashMap<>();
                for (Service s : b.services) {
                    Map<Object, Object> params = new LinkedHashMap<>();
                    params.put("endpoint", s.endpoint());
                    k.put(s.capability(), params);
                    if (s.capability().equals("courier")) {
                        // The courier advertises its link key, as in the capture.
                        Map<Object, Object> c = new LinkedHashMap<>();
                        c.put("linkPublicKey", pem(b.wireKemScheme.toUpperCase(java.util.Locale.ROOT) + " PUBLIC KEY",
                                random(b.linkKeySize)));
                        adv.put("courier", c);
                    }
                }
                caps = k;
                advertized = adv.isEmpty() ? null : adv;
            }
            d.put(b.legacyKaetzchenKey ? "omitempty" : "Kaetzchen", caps);
            d.put("KaetzchenAdvertizedData", advertized);
            d.put("IsGatewayNode", gateway);
            d.put("IsServiceNode", service);
            d.put("LoadWeight", 0);
            d.put("AuthenticationType", gateway ? "tofu" : "");
            d.put("Version", ""); // descriptors carry an empty Version in the capture; the document says "v1"
            return CborValues.canonical(d);
        }

        private Map<Object, Object> replica(int id) {
            String name = "replica" + (id + 1);
            byte[] identity = random(b.identityKeySize);
            identityKeys.put(name, identity);
            Map<Object, Object> r = new LinkedHashMap<>();
            r.put("Name", name);
            r.put("ReplicaID", id);
            r.put("Epoch", epoch);
            r.put("IdentityKey", identity);
            r.put("LinkKey", random(b.linkKeySize));
            Map<Object, Object> env = new LinkedHashMap<>();
            // Replica epochs are longer than mix epochs (the capture: mix epoch 2494978, replica epochs 495/496).
            long replicaEpoch = epoch / 5040;
            for (long e = replicaEpoch; e < replicaEpoch + 2; e++) {
                env.put(e, random(b.envelopeKeySize));
            }
            r.put("EnvelopeKeys", env);
            r.put("Addresses", addresses("tcp"));
            return r;
        }

        /** A cert.Certificate map around {@code certified}, signed (fakely) by the given key hashes. */
        private byte[] certificate(byte[] certified, long expiration, List<byte[]> signerHashes) {
            Map<Object, Object> sigs = new LinkedHashMap<>();
            for (byte[] h : signerHashes) {
                Map<Object, Object> s = new LinkedHashMap<>();
                s.put("PublicKeySum256", h);
                s.put("Payload", random(b.signatureSize));
                sigs.put(ByteKey.of(h), s);
            }
            Map<Object, Object> c = new LinkedHashMap<>();
            c.put("Version", 0);
            c.put("Expiration", expiration);
            c.put("KeyType", b.pkiSignatureScheme);
            c.put("Certified", certified);
            c.put("Signatures", sigs);
            return CborValues.canonical(c);
        }

        Built generate() {
            List<Object> topology = new ArrayList<>();
            int mixNo = 1;
            for (int l = 0; l < b.layers; l++) {
                List<Object> layer = new ArrayList<>();
                for (int i = 0; i < b.mixesPerLayer; i++) {
                    layer.add(descriptor("mix" + (mixNo++), false, false));
                }
                topology.add(layer);
            }
            List<Object> gws = new ArrayList<>();
            for (int i = 1; i <= b.gateways; i++) {
                gws.add(descriptor("gateway" + i, true, false));
            }
            List<Object> svcs = new ArrayList<>();
            for (int i = 1; i <= b.serviceNodes; i++) {
                svcs.add(descriptor("servicenode" + i, false, true));
            }
            List<Object> reps = new ArrayList<>();
            List<Object> replicaKeys = new ArrayList<>();
            byte[] replicaIds = new byte[b.replicas];
            for (int i = 0; i < b.replicas; i++) {
                Map<Object, Object> r = replica(i);
                reps.add(r);
                replicaKeys.add(r.get("IdentityKey"));
                replicaIds[i] = (byte) i;
            }

            List<Map<Object, Object>> auths = new ArrayList<>();
            List<byte[]> authHashes = new ArrayList<>();
            for (int i = 1; i <= b.authorities; i++) {
                String name = "auth" + i;
                byte[] identity = random(b.identityKeySize);
                identityKeys.put(name, identity);
                byte[] hash = Hashes.blake2b256(identity);
                authHashes.add(hash);
                Map<Object, Object> a = new LinkedHashMap<>();
                a.put("identifier", name);
                a.put("pki_signature_scheme", b.pkiSignatureScheme);
                a.put("wire_kem_scheme", b.wireKemScheme);
                a.put("addresses", List.of("tcp://127.0.0.1:" + (30000 + 2 * i - 1)));
                a.put("identity_public_key_pem",
                        pem(b.pkiSignatureScheme.toUpperCase(java.util.Locale.ROOT) + " PUBLIC KEY", identity));
                a.put("link_public_key_pem",
                        pem(b.wireKemScheme.toUpperCase(java.util.Locale.ROOT) + " PUBLIC KEY", random(b.linkKeySize)));
                a.put("identity_key_hash", hash);
                auths.add(a);
            }

            Map<Object, Object> commits = null;
            Map<Object, Object> reveals = null;
            if (b.sharedRandomCommits) {
                commits = new LinkedHashMap<>();
                reveals = new LinkedHashMap<>();
                for (byte[] h : authHashes) {
                    byte[] commit = ByteBuffer.allocate(40).putLong(epoch).put(random(32)).array();
                    commits.put(ByteKey.of(h), certificate(commit, epoch + 2, List.of(h)));
                    byte[] reveal = ByteBuffer.allocate(40).putLong(epoch).put(random(32)).array();
                    reveals.put(ByteKey.of(h), certificate(reveal, epoch + 2, List.of(h)));
                }
            }
            byte[] srv = random(32);

            long genesis = b.genesisEpoch != null ? b.genesisEpoch : Math.max(0, epoch - 10);
            // Go struct-field order, as the v0.0.99 default-mode broadcast shows it.
            Map<Object, Object> doc = new LinkedHashMap<>();
            doc.put("Epoch", epoch);
            doc.put("GenesisEpoch", genesis);
            if (b.legacyRateFields) {
                doc.put("SendRatePerMinute", 30L);
            }
            doc.put("Mu", b.mu);
            if (b.legacyRateFields) {
                doc.put("MuMaxDelay", 1000L);
            }
            doc.put("LambdaP", b.lambdaP);
            if (b.legacyRateFields) {
                doc.put("LambdaPMaxDelay", 1000L);
            }
            doc.put("LambdaL", b.lambdaL);
            if (b.legacyRateFields) {
                doc.put("LambdaLMaxDelay", 1000L);
                doc.put("LambdaD", 0.0005);
                doc.put("LambdaDMaxDelay", 3000L);
            }
            doc.put("LambdaM", b.lambdaM);
            if (b.legacyRateFields) {
                doc.put("LambdaMMaxDelay", 100L);
            }
            doc.put("LambdaG", b.lambdaG);
            if (b.legacyRateFields) {
                doc.put("LambdaGMaxDelay", 100L);
            }
            if (b.lambdaR) {
                doc.put("LambdaR", b.lambdaRValue); // after LambdaG in the v0.0.99 struct order
            }
            doc.put("Topology", topology);
            doc.put("GatewayNodes", gws);
            doc.put("ServiceNodes", svcs);
            doc.put("StorageReplicas", reps);
            doc.put("ConfiguredReplicaIDs", b.replicas > 0 ? replicaIds : null);
            doc.put("ConfiguredReplicaIdentityKeys", b.replicas > 0 ? replicaKeys : null);
            doc.put("SharedRandomCommit", commits);
            doc.put("SharedRandomReveal", reveals);
            doc.put("SharedRandomValue", srv);
            doc.put("PriorSharedRandom", List.of(srv, srv)); // the capture repeats the current value twice
            doc.put("SphinxGeometryHash", random(32));
            doc.put("Version", b.version);
            doc.put("PKISignatureScheme", b.pkiSignatureScheme);
            doc.putAll(b.extraFields);

            byte[] certified = CborValues.canonical(doc);
            byte[] stripped = b.canonical ? certified : CborValues.defaultMode(doc);
            byte[] signed = certificate(certified, epoch + 5, authHashes);
            return new Built(epoch, stripped, certified, signed, Collections.unmodifiableList(auths),
                    Collections.unmodifiableMap(new LinkedHashMap<>(identityKeys)));
        }

        private static String pem(String type, byte[] key) {
            String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key);
            return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
        }
    }
}
