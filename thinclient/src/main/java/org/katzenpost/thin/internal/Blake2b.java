package org.katzenpost.thin.internal;

import java.util.Objects;

/**
 * Unkeyed BLAKE2b (RFC 7693) with a digest of 1 to 64 bytes: our own implementation, so the library needs no
 * cryptography provider for the one hash the thin protocol uses (docs/performance.md, "Footprint").
 *
 * <p>Incremental: {@link #update} any number of times, then {@link #digest} once. Not thread-safe; a fresh
 * instance per hash is cheap (a 128-byte buffer, an 8-long and a 16-long array). No key, salt or personalisation: the
 * thin protocol uses none.
 */
public final class Blake2b {
    /** Bytes per compression block. */
    private static final int BLOCK = 128;

    private static final long[] IV = {
        0x6a09e667f3bcc908L, 0xbb67ae8584caa73bL, 0x3c6ef372fe94f82bL, 0xa54ff53a5f1d36f1L,
        0x510e527fade682d1L, 0x9b05688c2b3e6c1fL, 0x1f83d9abfb41bd6bL, 0x5be0cd19137e2179L,
    };

    /** Message word schedule, one row per round (rounds 10 and 11 reuse rows 0 and 1). */
    private static final byte[][] SIGMA = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
        {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
        {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
        {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
        {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
        {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
        {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
        {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
        {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
        {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
        {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    };

    private final int digestLength;
    private final long[] h = new long[8];
    private final long[] m = new long[16];
    private final byte[] buffer = new byte[BLOCK];
    private int buffered;
    /** Bytes compressed so far, as a 128-bit counter (t0 low, t1 high). */
    private long t0;
    private long t1;
    private boolean finished;

    /**
     * Starts an unkeyed hash.
     *
     * @param digestLength digest size in bytes, 1 to 64 (32 for BLAKE2b-256)
     * @throws IllegalArgumentException if the length is out of range
     */
    public Blake2b(int digestLength) {
        if (digestLength < 1 || digestLength > 64) {
            throw new IllegalArgumentException("BLAKE2b digest length must be 1..64 bytes, got " + digestLength);
        }
        this.digestLength = digestLength;
        System.arraycopy(IV, 0, h, 0, 8);
        // parameter block word 0: digest length, key length 0, fanout 1, depth 1
        h[0] ^= 0x01010000L | digestLength;
    }

    /**
     * Hashes {@code data} in one call.
     *
     * @param digestLength digest size in bytes, 1 to 64
     * @param data the message
     * @return the digest, {@code digestLength} bytes
     * @throws IllegalArgumentException if the length is out of range
     * @throws NullPointerException if {@code data} is null
     */
    public static byte[] hash(int digestLength, byte[] data) {
        Objects.requireNonNull(data, "data");
        Blake2b b = new Blake2b(digestLength);
        b.update(data, 0, data.length);
        return b.digest();
    }

    /**
     * Adds bytes to the message.
     *
     * @param data source array
     * @param offset first byte to add
     * @param length number of bytes to add
     * @throws IndexOutOfBoundsException if the range is outside {@code data}
     * @throws IllegalStateException if {@link #digest} was already called
     */
    public void update(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (finished) {
            throw new IllegalStateException("digest() was already called");
        }
        if (length == 0) {
            return;
        }
        // The last block must be compressed with the final flag, so a full buffer is only compressed once more
        // input is known to follow it.
        int pos = offset;
        int end = offset + length;
        if (buffered > 0) {
            int take = Math.min(BLOCK - buffered, end - pos);
            System.arraycopy(data, pos, buffer, buffered, take);
            buffered += take;
            pos += take;
            if (pos == end) {
                return;
            }
            increment(BLOCK);
            compress(buffer, 0, false);
            buffered = 0;
        }
        while (end - pos > BLOCK) {
            increment(BLOCK);
            compress(data, pos, false);
            pos += BLOCK;
        }
        System.arraycopy(data, pos, buffer, 0, end - pos);
        buffered = end - pos;
    }

    /**
     * Finishes the hash.
     *
     * @return the digest, as many bytes as given to the constructor
     * @throws IllegalStateException if called twice
     */
    public byte[] digest() {
        if (finished) {
            throw new IllegalStateException("digest() was already called");
        }
        finished = true;
        increment(buffered);
        java.util.Arrays.fill(buffer, buffered, BLOCK, (byte) 0);
        compress(buffer, 0, true);
        byte[] out = new byte[digestLength];
        for (int i = 0; i < digestLength; i++) {
            out[i] = (byte) (h[i >>> 3] >>> ((i & 7) << 3));
        }
        return out;
    }

    private void increment(int n) {
        t0 += n;
        if (Long.compareUnsigned(t0, n) < 0) {
            t1++;
        }
    }

    private void compress(byte[] block, int off, boolean last) {
        long[] m = this.m;
        long[] h = this.h;
        for (int i = 0; i < 16; i++) {
            m[i] = le64(block, off + (i << 3));
        }
        // the working vector in locals (the JIT keeps them in registers); each round is RFC 7693's G applied
        // to the four columns, then the four diagonals
        long v0 = h[0], v1 = h[1], v2 = h[2], v3 = h[3], v4 = h[4], v5 = h[5], v6 = h[6], v7 = h[7];
        long v8 = IV[0], v9 = IV[1], v10 = IV[2], v11 = IV[3];
        long v12 = IV[4] ^ t0, v13 = IV[5] ^ t1, v14 = last ? ~IV[6] : IV[6], v15 = IV[7];
        for (int r = 0; r < 12; r++) {
            byte[] s = SIGMA[r];
            v0 += v4 + m[s[0]];
            v12 = Long.rotateRight(v12 ^ v0, 32);
            v8 += v12;
            v4 = Long.rotateRight(v4 ^ v8, 24);
            v0 += v4 + m[s[1]];
            v12 = Long.rotateRight(v12 ^ v0, 16);
            v8 += v12;
            v4 = Long.rotateRight(v4 ^ v8, 63);
            v1 += v5 + m[s[2]];
            v13 = Long.rotateRight(v13 ^ v1, 32);
            v9 += v13;
            v5 = Long.rotateRight(v5 ^ v9, 24);
            v1 += v5 + m[s[3]];
            v13 = Long.rotateRight(v13 ^ v1, 16);
            v9 += v13;
            v5 = Long.rotateRight(v5 ^ v9, 63);
            v2 += v6 + m[s[4]];
            v14 = Long.rotateRight(v14 ^ v2, 32);
            v10 += v14;
            v6 = Long.rotateRight(v6 ^ v10, 24);
            v2 += v6 + m[s[5]];
            v14 = Long.rotateRight(v14 ^ v2, 16);
            v10 += v14;
            v6 = Long.rotateRight(v6 ^ v10, 63);
            v3 += v7 + m[s[6]];
            v15 = Long.rotateRight(v15 ^ v3, 32);
            v11 += v15;
            v7 = Long.rotateRight(v7 ^ v11, 24);
            v3 += v7 + m[s[7]];
            v15 = Long.rotateRight(v15 ^ v3, 16);
            v11 += v15;
            v7 = Long.rotateRight(v7 ^ v11, 63);
            v0 += v5 + m[s[8]];
            v15 = Long.rotateRight(v15 ^ v0, 32);
            v10 += v15;
            v5 = Long.rotateRight(v5 ^ v10, 24);
            v0 += v5 + m[s[9]];
            v15 = Long.rotateRight(v15 ^ v0, 16);
            v10 += v15;
            v5 = Long.rotateRight(v5 ^ v10, 63);
            v1 += v6 + m[s[10]];
            v12 = Long.rotateRight(v12 ^ v1, 32);
            v11 += v12;
            v6 = Long.rotateRight(v6 ^ v11, 24);
            v1 += v6 + m[s[11]];
            v12 = Long.rotateRight(v12 ^ v1, 16);
            v11 += v12;
            v6 = Long.rotateRight(v6 ^ v11, 63);
            v2 += v7 + m[s[12]];
            v13 = Long.rotateRight(v13 ^ v2, 32);
            v8 += v13;
            v7 = Long.rotateRight(v7 ^ v8, 24);
            v2 += v7 + m[s[13]];
            v13 = Long.rotateRight(v13 ^ v2, 16);
            v8 += v13;
            v7 = Long.rotateRight(v7 ^ v8, 63);
            v3 += v4 + m[s[14]];
            v14 = Long.rotateRight(v14 ^ v3, 32);
            v9 += v14;
            v4 = Long.rotateRight(v4 ^ v9, 24);
            v3 += v4 + m[s[15]];
            v14 = Long.rotateRight(v14 ^ v3, 16);
            v9 += v14;
            v4 = Long.rotateRight(v4 ^ v9, 63);
        }
        h[0] ^= v0 ^ v8;
        h[1] ^= v1 ^ v9;
        h[2] ^= v2 ^ v10;
        h[3] ^= v3 ^ v11;
        h[4] ^= v4 ^ v12;
        h[5] ^= v5 ^ v13;
        h[6] ^= v6 ^ v14;
        h[7] ^= v7 ^ v15;
    }

    private static long le64(byte[] b, int i) {
        return (b[i] & 0xffL)
                | (b[i + 1] & 0xffL) << 8
                | (b[i + 2] & 0xffL) << 16
                | (b[i + 3] & 0xffL) << 24
                | (b[i + 4] & 0xffL) << 32
                | (b[i + 5] & 0xffL) << 40
                | (b[i + 6] & 0xffL) << 48
                | (b[i + 7] & 0xffL) << 56;
    }
}
