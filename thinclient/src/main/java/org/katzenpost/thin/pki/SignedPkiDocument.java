package org.katzenpost.thin.pki;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.katzenpost.thin.ProtocolViolationException;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.cbor.CborType;

/**
 * The signed consensus as {@code get_pki_document_reply.payload} carries it: a {@code cert.Certificate} map
 * (docs/protocol.md#signed-pki) {@code {Version, Expiration, KeyType, Certified, Signatures}}, where {@code Certified}
 * holds the CBOR document and {@code Signatures} maps each authority's key hash to its signature.
 *
 * <p>This class parses the wrapper; it does not verify signatures (that needs the authorities' post-quantum
 * schemes and a threshold policy, neither part of the thin protocol). {@link #signedMessage()} gives the exact
 * bytes each authority signed, for a caller that can verify.
 */
public final class SignedPkiDocument {
    /**
     * One authority's signature over {@link SignedPkiDocument#signedMessage()}. Immutable: arrays are copied in and
     * out.
     *
     * @param publicKeySum256 BLAKE2b-256 of the authority's identity key, 32 bytes
     * @param payload the signature bytes (Ed25519 seen on the testnet)
     */
    public record Signature(byte[] publicKeySum256, byte[] payload) {
        /**
         * Copies both arrays.
         *
         * @param publicKeySum256 the signer's key hash; copied
         * @param payload the signature; copied
         * @throws NullPointerException if either array is null
         */
        public Signature {
            Objects.requireNonNull(publicKeySum256, "publicKeySum256");
            Objects.requireNonNull(payload, "payload");
            publicKeySum256 = publicKeySum256.clone();
            payload = payload.clone();
        }

        /**
         * The signer's key hash.
         *
         * @return a fresh copy of the 32 bytes
         */
        @Override
        public byte[] publicKeySum256() {
            return publicKeySum256.clone();
        }

        /**
         * The signature bytes.
         *
         * @return a fresh copy
         */
        @Override
        public byte[] payload() {
            return payload.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Signature s
                    && Arrays.equals(publicKeySum256, s.publicKeySum256)
                    && Arrays.equals(payload, s.payload);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(publicKeySum256) + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "Signature[signer=" + Wire.shortHex(publicKeySum256) + ", " + payload.length + " bytes]";
        }
    }

    private static final String P = "signed PKI document";

    private static final int VERSION = 1;
    private static final int EXPIRATION = 2;
    private static final int KEY_TYPE = 4;
    private static final int CERTIFIED = 8;
    private static final int PAYLOAD = 16;
    private static final int SIGNATURES = 32;

    private final byte[] rawBytes;
    /** The decoded certificate map: built by the tree parse, or on the first {@link #raw()} after a fast parse. */
    private volatile Map<Object, Object> raw;
    private final long version;
    private final long expiration;
    private final String keyType;
    /** The certified document is {@code certifiedLength} bytes of {@code certifiedIn} from {@code certifiedOffset}. */
    private final byte[] certifiedIn;
    private final int certifiedOffset;
    private final int certifiedLength;
    private final Map<ByteKey, Signature> signatures;
    private volatile PkiDocument document;

    /** The fast parse's result: the certificate's usual shape, read in one pass without building a tree. */
    private SignedPkiDocument(byte[] rawBytes, long version, long expiration, String keyType, int certifiedOffset,
            int certifiedLength, Map<ByteKey, Signature> signatures) {
        this.rawBytes = rawBytes;
        this.version = version;
        this.expiration = expiration;
        this.keyType = keyType;
        this.certifiedIn = rawBytes;
        this.certifiedOffset = certifiedOffset;
        this.certifiedLength = certifiedLength;
        this.signatures = signatures;
    }

    /** The tree parse: any shape the fast parse does not take, with the checks and messages of every field. */
    private SignedPkiDocument(byte[] rawBytes, Map<Object, Object> m) {
        this.rawBytes = rawBytes;
        this.version = Wire.uint(m, "Version", P + ".Version");
        if (version > 0xFFFF_FFFFL) {
            throw new ProtocolViolationException(P + ".Version: " + version + " does not fit in a uint32");
        }
        this.expiration = Wire.uint(m, "Expiration", P + ".Expiration");
        this.keyType = Wire.text(m, "KeyType", P + ".KeyType");
        Object c = m.get("Certified");
        String certKey = "Certified";
        if (c == null && m.get("Payload") instanceof byte[]) { // older cert.Certificate named it Payload
            c = m.get("Payload");
            certKey = "Payload";
        }
        byte[] certified = Wire.bytes(c, P + "." + certKey);
        if (certified.length == 0) {
            throw new ProtocolViolationException(P + ": no Certified document inside the certificate");
        }
        this.certifiedIn = certified;
        this.certifiedOffset = 0;
        this.certifiedLength = certified.length;
        this.signatures = signatures(Wire.optMap(m, "Signatures", P + ".Signatures"));
        // m is the private tree just decoded by parse(): sealed in place, not deep-copied (raw() copies out)
        @SuppressWarnings("unchecked")
        Map<Object, Object> frozen = (Map<Object, Object>) Wire.seal(m);
        this.raw = frozen;
    }

    private static Map<ByteKey, Signature> signatures(Map<Object, Object> wire) {
        Map<ByteKey, Signature> sigs = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : wire.entrySet()) {
            if (!(e.getKey() instanceof ByteKey k)) {
                throw Wire.bad(P + ".Signatures key", "a byte string", e.getKey());
            }
            String path = P + ".Signatures[" + k + "]";
            Map<Object, Object> s = Wire.asMap(e.getValue(), path);
            byte[] sum = Wire.bytes(s, "PublicKeySum256", path + ".PublicKeySum256");
            if (s.get("PublicKeySum256") == null) {
                sum = k.toByteArray();
            }
            sigs.put(k, new Signature(sum, Wire.bytes(s, "Payload", path + ".Payload")));
        }
        return Collections.unmodifiableMap(sigs);
    }

    /**
     * Reads a certificate of the usual shape (a definite-length map of the known keys, each once, with the
     * expected types: what kpclientd sends) in one pass, without decoding it into a tree and without copying the
     * certified document out; returns null for anything else, which the tree parse then handles (and rejects
     * with its precise messages when it is malformed).
     */
    private static SignedPkiDocument fastParse(byte[] bytes) {
        try {
            CborReader r = new CborReader(bytes);
            if (r.peekType() != CborType.MAP) {
                return null;
            }
            long n = r.readMapHeader();
            if (n < 0) {
                return null; // indefinite length
            }
            int seen = 0;
            long version = 0;
            long expiration = 0;
            String keyType = "";
            int certOffset = -1;
            int certLength = 0;
            Map<ByteKey, Signature> sigs = Map.of();
            for (long i = 0; i < n; i++) {
                if (r.peekType() != CborType.TEXT) {
                    return null;
                }
                int key;
                switch (r.readText()) {
                    case "Version": key = VERSION; break;
                    case "Expiration": key = EXPIRATION; break;
                    case "KeyType": key = KEY_TYPE; break;
                    case "Certified": key = CERTIFIED; break;
                    case "Payload": key = PAYLOAD; break;
                    case "Signatures": key = SIGNATURES; break;
                    default: return null;
                }
                if ((seen & key) != 0) {
                    return null; // a duplicate key
                }
                seen |= key;
                CborType t = r.peekType();
                if (key == VERSION || key == EXPIRATION) {
                    if (t != CborType.UNSIGNED) {
                        return null;
                    }
                    long v = r.readUint();
                    if (key == VERSION) {
                        version = v;
                    } else {
                        expiration = v;
                    }
                } else if (key == KEY_TYPE) {
                    if (t != CborType.TEXT) {
                        return null;
                    }
                    keyType = r.readText();
                } else if (key == CERTIFIED || key == PAYLOAD) {
                    // only a definite-length byte string, whose content is then contiguous in the input
                    int ib = bytes[r.position()] & 0xFF;
                    if (t != CborType.BYTES || (ib & 0x1F) == 31) {
                        return null;
                    }
                    int start = r.position();
                    r.skip();
                    int end = r.position();
                    int headerLength = (ib & 0x1F) < 24 ? 1 : 1 + (1 << ((ib & 0x1F) - 24));
                    if (key == CERTIFIED || (seen & CERTIFIED) == 0) {
                        certOffset = start + headerLength;
                        certLength = end - certOffset;
                    }
                } else {
                    if (t != CborType.MAP) {
                        return null;
                    }
                    sigs = signatures(Wire.asMap(r.readValue(), P + ".Signatures"));
                }
            }
            r.expectEnd();
            if ((seen & (CERTIFIED | PAYLOAD)) == (CERTIFIED | PAYLOAD) || certOffset < 0 || certLength == 0
                    || version > 0xFFFF_FFFFL) {
                return null; // unusual or invalid: the tree parse decides, and explains
            }
            return new SignedPkiDocument(bytes, version, expiration, keyType, certOffset, certLength, sigs);
        } catch (RuntimeException e) {
            return null; // malformed: the tree parse reports it
        }
    }

    /**
     * Parses the certificate wrapper: the version, expiration, key type and signatures, and where the certified
     * document lies. Nothing else is decoded now: the document inside is parsed on the first
     * {@link #document()}, and the map of {@link #raw()} is built on its first call. A certificate of the usual
     * shape is read in one pass without building a tree (docs/performance.md, "Lazy PKI parse").
     *
     * @param signedDocumentCbor the {@code get_pki_document_reply} payload; copied
     * @return the parsed wrapper
     * @throws ProtocolViolationException on malformed CBOR or a wrapper of the wrong shape
     */
    public static SignedPkiDocument parse(byte[] signedDocumentCbor) {
        if (signedDocumentCbor == null || signedDocumentCbor.length == 0) {
            throw new ProtocolViolationException(P + ": empty payload");
        }
        byte[] copy = signedDocumentCbor.clone();
        SignedPkiDocument fast = fastParse(copy);
        return fast != null ? fast : parseTree(copy);
    }

    /** The tree parse alone (for tests that compare it with the fast one); {@code copy} is kept. */
    static SignedPkiDocument parseTree(byte[] copy) {
        Object v = Wire.decode(copy, P);
        try {
            return new SignedPkiDocument(copy, Wire.asMap(v, P));
        } catch (ProtocolViolationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ProtocolViolationException(P + ": cannot interpret certificate (" + e + ")", e);
        }
    }

    /**
     * The certificate format version.
     *
     * @return {@code Version}, 0 today
     */
    public long version() {
        return version;
    }

    /**
     * The epoch from which the certificate is no longer valid.
     *
     * @return {@code Expiration}: the document's epoch + 5 for consensus documents
     */
    public long expiration() {
        return expiration;
    }

    /**
     * The signature scheme name.
     *
     * @return {@code KeyType}
     */
    public String keyType() {
        return keyType;
    }

    /**
     * The certified bytes: the canonical CBOR of the document, which {@link PkiDocument#parse(byte[])} reads.
     *
     * @return a fresh copy
     */
    public byte[] certified() {
        return Arrays.copyOfRange(certifiedIn, certifiedOffset, certifiedOffset + certifiedLength);
    }

    /**
     * The document inside, parsed on the first call and cached; safe to call from several threads.
     *
     * @return the document
     * @throws ProtocolViolationException if the certified bytes are not a valid PKI document (on every call)
     */
    public PkiDocument document() {
        PkiDocument d = document;
        if (d == null) {
            d = PkiDocument.parse(certified());
            document = d;
        }
        return d;
    }

    /**
     * The signatures, by signer.
     *
     * @return signer key hash (BLAKE2b-256 of the authority's identity key) to signature, in wire order; unmodifiable
     */
    public Map<ByteKey, Signature> signatures() {
        return signatures;
    }

    /**
     * The authorities that signed.
     *
     * @return their key hashes in wire order; unmodifiable
     */
    public List<ByteKey> signerKeyHashes() {
        return List.copyOf(signatures.keySet());
    }

    /**
     * Whether an authority's signature is present. This does not verify the signature: check it over {@link
     * #signedMessage()} with the authority's public key.
     *
     * @param identityKeyHash the authority's {@link DirectoryAuthority#identityKeyHash()},
     *        {@value DirectoryAuthority#IDENTITY_KEY_HASH_LENGTH} bytes
     * @return true when the certificate carries a signature under that key hash
     * @throws NullPointerException if {@code identityKeyHash} is null
     * @throws IllegalArgumentException if {@code identityKeyHash} is not
     *         {@value DirectoryAuthority#IDENTITY_KEY_HASH_LENGTH} bytes (a key rather than its hash, say)
     */
    public boolean isSignedBy(byte[] identityKeyHash) {
        // a wrong length could never match: a silent false would hide the caller's mix-up
        PkiDocument.requireKeyHash(identityKeyHash, "identityKeyHash");
        return signatures.containsKey(ByteKey.of(identityKeyHash));
    }

    /**
     * The message each authority signs (docs/protocol.md#signed-pki): little-endian uint32 {@code Version},
     * little-endian uint64 {@code Expiration}, the UTF-8 {@code KeyType}, then {@code Certified}.
     *
     * @return a fresh array built on every call
     */
    public byte[] signedMessage() {
        byte[] kt = keyType.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + 8 + kt.length + certifiedLength).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt((int) version).putLong(expiration).put(kt).put(certifiedIn, certifiedOffset, certifiedLength);
        return b.array();
    }

    /** Whether the certificate map has been decoded into a tree (false after a fast parse until raw()). */
    boolean treeDecoded() {
        return raw != null;
    }

    /**
     * The exact bytes this was parsed from.
     *
     * @return a fresh copy
     */
    public byte[] rawBytes() {
        return rawBytes.clone();
    }

    /**
     * The decoded certificate map, lossless, built on the first call.
     *
     * @return a fresh unmodifiable deep copy on every call
     */
    public Map<Object, Object> raw() {
        Map<Object, Object> m = raw;
        if (m == null) {
            // after a fast parse, which read every byte of it: decodes without error
            @SuppressWarnings("unchecked")
            Map<Object, Object> frozen = (Map<Object, Object>) Wire.seal(Wire.asMap(Wire.decode(rawBytes, P), P));
            raw = m = frozen;
        }
        return Wire.copyOutMap(m);
    }

    @Override
    public String toString() {
        return "SignedPkiDocument[keyType=" + keyType + ", version=" + version + ", expiration=" + expiration
                + ", certified=" + certifiedLength + " bytes, signers="
                + signatures.keySet().stream().map(k -> Wire.shortHex(k.toByteArray()))
                        .collect(Collectors.joining(", ", "[", "]")) + "]";
    }
}
