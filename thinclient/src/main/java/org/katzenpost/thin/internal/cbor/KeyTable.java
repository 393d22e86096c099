package org.katzenpost.thin.internal.cbor;

import java.nio.charset.StandardCharsets;

/**
 * A fixed set of known ASCII map keys, looked up straight from encoded bytes, so that decoding known keys
 * allocates nothing. Open addressing; built once per message family and shared by all threads (immutable).
 */
public final class KeyTable {
    private final String[] strings;
    private final byte[][] encoded;
    private final int mask;

    public KeyTable(String... keys) {
        int size = Integer.highestOneBit(Math.max(4, keys.length * 4) - 1) << 1;
        strings = new String[size];
        encoded = new byte[size][];
        mask = size - 1;
        for (String k : keys) {
            byte[] b = k.getBytes(StandardCharsets.UTF_8);
            int slot = hash(b, 0, b.length) & mask;
            while (strings[slot] != null) {
                if (strings[slot].equals(k)) {
                    break;
                }
                slot = (slot + 1) & mask;
            }
            strings[slot] = k.intern();
            encoded[slot] = b;
        }
    }

    private static int hash(byte[] b, int off, int len) {
        int h = len;
        for (int i = 0; i < len; i++) {
            h = 31 * h + b[off + i];
        }
        return h ^ (h >>> 16);
    }

    /** The canonical string for these bytes, or null when it is not a known key. */
    public String lookup(byte[] b, int off, int len) {
        int slot = hash(b, off, len) & mask;
        while (true) {
            byte[] candidate = encoded[slot];
            if (candidate == null) {
                return null;
            }
            if (candidate.length == len && java.util.Arrays.equals(candidate, 0, len, b, off, off + len)) {
                return strings[slot];
            }
            slot = (slot + 1) & mask;
        }
    }
}
