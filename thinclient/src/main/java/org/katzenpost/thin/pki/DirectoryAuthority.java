package org.katzenpost.thin.pki;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.katzenpost.thin.ProtocolViolationException;

/**
 * One directory authority as {@code get_directory_authorities_reply.authorities} lists it (docs/protocol.md#directory-authority).
 *
 * @param identifier the authority's name, e.g. an FQDN
 * @param pkiSignatureScheme name of its signature scheme
 * @param wireKemScheme name of its link KEM scheme
 * @param addresses listener URLs
 * @param identityPublicKeyPem PEM of its identity public key; empty when not configured
 * @param linkPublicKeyPem PEM of its link public key; empty when not configured
 * @param identityKeyHash BLAKE2b-256 of the identity public key (32 bytes, all zero when there is none): the
 *     key under which its signature appears in a {@link SignedPkiDocument}
 */
public record DirectoryAuthority(
        String identifier,
        String pkiSignatureScheme,
        String wireKemScheme,
        List<String> addresses,
        String identityPublicKeyPem,
        String linkPublicKeyPem,
        byte[] identityKeyHash) {

    /** Length of {@link #identityKeyHash()} in bytes: {@value}. */
    public static final int IDENTITY_KEY_HASH_LENGTH = 32;

    /**
     * Validates and copies the parts.
     *
     * @param identifier the authority's name
     * @param pkiSignatureScheme name of its signature scheme
     * @param wireKemScheme name of its link KEM scheme
     * @param addresses listener URLs; copied
     * @param identityPublicKeyPem PEM of its identity public key, or empty
     * @param linkPublicKeyPem PEM of its link public key, or empty
     * @param identityKeyHash {@value #IDENTITY_KEY_HASH_LENGTH} bytes; copied
     * @throws NullPointerException if any argument or address is null
     * @throws IllegalArgumentException if {@code identityKeyHash} is not 32 bytes
     */
    public DirectoryAuthority {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(pkiSignatureScheme, "pkiSignatureScheme");
        Objects.requireNonNull(wireKemScheme, "wireKemScheme");
        Objects.requireNonNull(identityPublicKeyPem, "identityPublicKeyPem");
        Objects.requireNonNull(linkPublicKeyPem, "linkPublicKeyPem");
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(identityKeyHash, "identityKeyHash");
        if (identityKeyHash.length != IDENTITY_KEY_HASH_LENGTH) {
            throw new IllegalArgumentException("identityKeyHash must be 32 bytes, got " + identityKeyHash.length);
        }
        identityKeyHash = identityKeyHash.clone();
    }

    /**
     * Reads one element of {@code authorities}. Missing or null text fields read as empty; a missing hash as 32 zero
     * bytes.
     *
     * @param m the decoded CBOR map
     * @return the authority
     * @throws ProtocolViolationException when {@code m} is null, a field has the wrong type or the hash is not 32
     *        bytes
     */
    public static DirectoryAuthority fromWire(Map<Object, Object> m) {
        String p = "DirectoryAuthority";
        if (m == null) {
            throw new ProtocolViolationException(p + ": null entry");
        }
        try {
            List<Object> addrs = Wire.optList(m, "addresses", p + ".addresses");
            List<String> addresses = new ArrayList<>(addrs.size());
            for (int i = 0; i < addrs.size(); i++) {
                if (!(addrs.get(i) instanceof String s)) {
                    throw Wire.bad(p + ".addresses[" + i + "]", "a text string", addrs.get(i));
                }
                addresses.add(s);
            }
            byte[] hash = m.get("identity_key_hash") == null
                    ? new byte[IDENTITY_KEY_HASH_LENGTH]
                    : Wire.bytes(m, "identity_key_hash", p + ".identity_key_hash");
            if (hash.length != IDENTITY_KEY_HASH_LENGTH) {
                throw new ProtocolViolationException(
                        p + ".identity_key_hash: expected 32 bytes, got " + hash.length);
            }
            return new DirectoryAuthority(
                    Wire.text(m, "identifier", p + ".identifier"),
                    Wire.text(m, "pki_signature_scheme", p + ".pki_signature_scheme"),
                    Wire.text(m, "wire_kem_scheme", p + ".wire_kem_scheme"),
                    addresses,
                    Wire.text(m, "identity_public_key_pem", p + ".identity_public_key_pem"),
                    Wire.text(m, "link_public_key_pem", p + ".link_public_key_pem"),
                    hash);
        } catch (ProtocolViolationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ProtocolViolationException(p + ": cannot interpret entry (" + e + ")", e);
        }
    }

    /**
     * Reads the whole {@code authorities} value (docs/protocol.md#directory-authority).
     *
     * @param authorities the decoded value: an array of maps, or null (an error reply)
     * @return the authorities in wire order, empty for null; unmodifiable
     * @throws ProtocolViolationException when it is not an array of maps of the right shape
     */
    public static List<DirectoryAuthority> listFromWire(Object authorities) {
        if (authorities == null) {
            return List.of();
        }
        if (!(authorities instanceof List<?> l)) {
            throw Wire.bad("authorities", "an array", authorities);
        }
        List<DirectoryAuthority> out = new ArrayList<>(l.size());
        for (int i = 0; i < l.size(); i++) {
            out.add(fromWire(Wire.asMap(l.get(i), "authorities[" + i + "]")));
        }
        return List.copyOf(out);
    }

    /**
     * The key under which this authority's signature appears in a {@link SignedPkiDocument}.
     *
     * @return a fresh copy of the 32 bytes; all zero when the authority has no identity key
     */
    @Override
    public byte[] identityKeyHash() {
        return identityKeyHash.clone();
    }

    /**
     * Whether the daemon knows this authority's identity key.
     *
     * @return false when the daemon sent the all-zero hash (no identity key configured)
     */
    public boolean hasIdentityKey() {
        for (byte b : identityKeyHash) {
            if (b != 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DirectoryAuthority d
                && identifier.equals(d.identifier)
                && pkiSignatureScheme.equals(d.pkiSignatureScheme)
                && wireKemScheme.equals(d.wireKemScheme)
                && addresses.equals(d.addresses)
                && identityPublicKeyPem.equals(d.identityPublicKeyPem)
                && linkPublicKeyPem.equals(d.linkPublicKeyPem)
                && Arrays.equals(identityKeyHash, d.identityKeyHash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(identifier, pkiSignatureScheme, wireKemScheme, addresses, identityPublicKeyPem,
                linkPublicKeyPem) * 31 + Arrays.hashCode(identityKeyHash);
    }

    @Override
    public String toString() {
        return "DirectoryAuthority[" + identifier + ", signature=" + pkiSignatureScheme + ", kem=" + wireKemScheme
                + ", addresses=" + addresses + ", identityKeyHash=" + Wire.shortHex(identityKeyHash)
                + ", identityPem=" + (identityPublicKeyPem.isEmpty() ? "none" : identityPublicKeyPem.length() + " chars")
                + ", linkPem=" + (linkPublicKeyPem.isEmpty() ? "none" : linkPublicKeyPem.length() + " chars") + "]";
    }
}
