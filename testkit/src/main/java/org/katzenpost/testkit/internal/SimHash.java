package org.katzenpost.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The simulator's stand-in for cryptography: domain-separated SHA-256 and a SHA-256 counter-mode
 * keystream. Good enough to keep plaintext out of the simulated ciphertexts and to make forgeries detectable
 * by the simulator itself; not security.
 */
final class SimHash {
    private SimHash() {}

    /** SHA-256 over the label and each part, every one length-prefixed (so concatenations cannot collide). */
    static byte[] h(String label, byte[]... parts) {
        MessageDigest d = sha256();
        byte[] l = label.getBytes(StandardCharsets.UTF_8);
        lengthPrefixed(d, l);
        for (byte[] p : parts) {
            lengthPrefixed(d, p);
        }
        return d.digest();
    }

    /** {@code n} bytes of SHA-256(key || counter) blocks. */
    static byte[] expand(byte[] key, int n) {
        byte[] out = new byte[n];
        MessageDigest d = sha256();
        int off = 0;
        for (long ctr = 0; off < n; ctr++) {
            d.update(key);
            d.update(le64(ctr));
            byte[] block = d.digest();
            int take = Math.min(block.length, n - off);
            System.arraycopy(block, 0, out, off, take);
            off += take;
        }
        return out;
    }

    /** XORs {@code data[off, off+len)} in place with the keystream of {@code key}. */
    static void xor(byte[] key, byte[] data, int off, int len) {
        byte[] ks = expand(key, len);
        for (int i = 0; i < len; i++) {
            data[off + i] ^= ks[i];
        }
    }

    static byte[] le64(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    static long readLe64(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xFFL);
        }
        return v;
    }

    static int readBe32(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    static void writeBe32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static void lengthPrefixed(MessageDigest d, byte[] p) {
        byte[] len = new byte[4];
        writeBe32(len, 0, p.length);
        d.update(len);
        d.update(p);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
