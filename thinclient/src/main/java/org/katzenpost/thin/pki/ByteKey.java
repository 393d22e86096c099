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

    public static ByteKey of(byte[] bytes) {
        return new ByteKey(bytes.clone());
    }

    /** For decoders that own a fresh array nobody else holds; avoids a copy. */
    public static ByteKey wrapUnsafe(byte[] fresh) {
        return new ByteKey(fresh);
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

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
