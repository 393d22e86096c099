package org.katzenpost.thin.pki;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A CBOR byte string used as a map key (the PKI document keys {@code SharedRandomCommit} by 32-byte hashes).
 * Unlike {@code byte[]} it compares by value, so raw maps keep every such key without loss.
 */
public final class ByteKey implements Comparable<ByteKey> {
    private final byte[] bytes;

    private ByteKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Wraps a copy of a byte string.
     *
     * @param bytes the key; copied
     * @return the key
     * @throws NullPointerException if {@code bytes} is null
     */
    public static ByteKey of(byte[] bytes) {
        return new ByteKey(bytes.clone());
    }

    /**
     * Wraps an array without copying, for decoders that own a fresh array nobody else holds. The caller must not
     * change the array afterwards.
     *
     * @param fresh the key; kept, not copied
     * @return the key
     */
    public static ByteKey wrapUnsafe(byte[] fresh) {
        return new ByteKey(fresh);
    }

    /**
     * The key's bytes.
     *
     * @return a fresh copy
     */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /**
     * The key's length.
     *
     * @return the number of bytes, 32 for the PKI document's hashes
     */
    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteKey && Arrays.equals(bytes, ((ByteKey) o).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /**
     * Orders keys as unsigned bytes, lexicographically; a shorter key that is a prefix of a longer one comes first.
     *
     * @param other the key to compare with
     * @return negative, zero or positive as this key is before, equal to or after {@code other}
     */
    @Override
    public int compareTo(ByteKey other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    /** Hex of the key: these are public hashes, never secrets. */
    @Override
    public String toString() {
        return "h'" + HexFormat.of().formatHex(bytes) + "'";
    }
}
