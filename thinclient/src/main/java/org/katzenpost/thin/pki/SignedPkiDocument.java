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
    /** One authority's signature: the hash of its identity key, and the signature bytes. */
    public record Signature(byte[] publicKeySum256, byte[] payload) {
        public Signature {
            Objects.requireNonNull(publicKeySum256, "publicKeySum256");
            Objects.requireNonNull(payload, "payload");
            publicKeySum256 = publicKeySum256.clone();
            payload = payload.clone();
        }

        @Override
        public byte[] publicKeySum256() {
            return publicKeySum256.clone();
        }

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

    private final byte[] rawBytes;
    private final Map<Object, Object> raw;
    private final long version;
    private final long expiration;
    private final String keyType;
    private final byte[] certified;
    private final Map<ByteKey, Signature> signatures;
    private volatile PkiDocument document;

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
        this.certified = Wire.bytes(c, P + "." + certKey);
        if (certified.length == 0) {
            throw new ProtocolViolationException(P + ": no Certified document inside the certificate");
        }
        Map<ByteKey, Signature> sigs = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : Wire.optMap(m, "Signatures", P + ".Signatures").entrySet()) {
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
        this.signatures = Collections.unmodifiableMap(sigs);
        // m is the private tree just decoded by parse(): sealed in place, not deep-copied (raw() copies out)
        @SuppressWarnings("unchecked")
        Map<Object, Object> frozen = (Map<Object, Object>) Wire.seal(m);
        this.raw = frozen;
    }

    /**
     * Parses the certificate wrapper. The document inside is parsed lazily by {@link #document()}.
     *
     * @throws ProtocolViolationException on malformed CBOR or a wrapper of the wrong shape
     */
    public static SignedPkiDocument parse(byte[] signedDocumentCbor) {
        if (signedDocumentCbor == null || signedDocumentCbor.length == 0) {
            throw new ProtocolViolationException(P + ": empty payload");
        }
        byte[] copy = signedDocumentCbor.clone();
        Object v = Wire.decode(copy, P);
        try {
            return new SignedPkiDocument(copy, Wire.asMap(v, P));
        } catch (ProtocolViolationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ProtocolViolationException(P + ": cannot interpret certificate (" + e + ")", e);
        }
    }

    /** Certificate format version (0 today). */
    public long version() {
        return version;
    }

    /** The epoch from which the certificate is no longer valid (document epoch + 5 for consensus documents). */
    public long expiration() {
        return expiration;
    }

    /** The signature scheme name. */
    public String keyType() {
        return keyType;
    }

    /** The certified bytes: the canonical CBOR of the document. */
    public byte[] certified() {
        return certified.clone();
    }

    /** The document inside, parsed once and cached. */
    public PkiDocument document() {
        PkiDocument d = document;
        if (d == null) {
            d = PkiDocument.parse(certified);
            document = d;
        }
        return d;
    }

    /** Signatures by signer key hash (BLAKE2b-256 of the authority's identity key), in wire order. */
    public Map<ByteKey, Signature> signatures() {
        return signatures;
    }

    /** The key hashes of the authorities that signed, in wire order. */
    public List<ByteKey> signerKeyHashes() {
        return List.copyOf(signatures.keySet());
    }

    /** Whether an authority with this identity key hash signed (match {@link DirectoryAuthority#identityKeyHash()}). */
    public boolean isSignedBy(byte[] identityKeyHash) {
        return signatures.containsKey(ByteKey.of(identityKeyHash));
    }

    /**
     * The message each authority signs: little-endian uint32 {@code Version}, little-endian uint64
     * {@code Expiration}, the UTF-8 {@code KeyType}, then {@code Certified}.
     */
    public byte[] signedMessage() {
        byte[] kt = keyType.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + 8 + kt.length + certified.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt((int) version).putLong(expiration).put(kt).put(certified);
        return b.array();
    }

    /** The exact bytes this was parsed from (a copy). */
    public byte[] rawBytes() {
        return rawBytes.clone();
    }

    /** The decoded certificate map, lossless, as a fresh unmodifiable deep copy. */
    public Map<Object, Object> raw() {
        return Wire.copyOutMap(raw);
    }

    @Override
    public String toString() {
        return "SignedPkiDocument[keyType=" + keyType + ", version=" + version + ", expiration=" + expiration
                + ", certified=" + certified.length + " bytes, signers="
                + signatures.keySet().stream().map(k -> Wire.shortHex(k.toByteArray()))
                        .collect(Collectors.joining(", ", "[", "]")) + "]";
    }
}
