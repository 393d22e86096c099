package org.katzenpost.testkit.internal;

import java.util.Arrays;

/**
 * Simulated BACAP capabilities with the real byte layouts (docs/protocol.md#sizes, confirmed by the v0.0.99
 * capture): WriteCap = private key (32-byte seed ‖ 32-byte public key) ‖ MessageBoxIndex; ReadCap = public
 * key ‖ MessageBoxIndex; MessageBoxIndex = Idx64 (LE) ‖ blinding (32) ‖ encryption key (32) ‖ HKDF state
 * (32). The "keys" are hashes; a box id is H(public key ‖ Idx64), so a reader holding the ReadCap computes the
 * same box ids as the writer.
 */
final class Bacap {
    static final int WRITE_CAP = 168;
    static final int READ_CAP = 136;
    static final int INDEX = 104;
    static final int KEY = 32;

    private Bacap() {}

    /** Write cap, read cap and first index, all derived from the seed alone. */
    record Keypair(byte[] writeCap, byte[] readCap, byte[] firstIndex) {}

    static Keypair fromSeed(byte[] seed) {
        byte[] sk = SimHash.h("sim-bacap-sk", seed);
        byte[] pk = SimHash.h("sim-bacap-pk", sk);
        // a random-looking start counter, as BACAP's, with headroom below 2^63
        long counter = SimHash.readLe64(SimHash.h("sim-bacap-counter", seed), 0) & 0x3FFF_FFFF_FFFF_FFFFL;
        byte[] index = index(counter, SimHash.h("sim-bacap-state", seed));
        return new Keypair(writeCap(sk, pk, index), readCap(pk, index), index);
    }

    static byte[] writeCap(byte[] sk, byte[] pk, byte[] index) {
        byte[] w = new byte[WRITE_CAP];
        System.arraycopy(sk, 0, w, 0, KEY);
        System.arraycopy(pk, 0, w, KEY, KEY);
        System.arraycopy(index, 0, w, 2 * KEY, INDEX);
        return w;
    }

    static byte[] readCap(byte[] pk, byte[] index) {
        byte[] r = new byte[READ_CAP];
        System.arraycopy(pk, 0, r, 0, KEY);
        System.arraycopy(index, 0, r, KEY, INDEX);
        return r;
    }

    static byte[] index(long counter, byte[] state) {
        byte[] ctr = SimHash.le64(counter);
        byte[] idx = new byte[INDEX];
        System.arraycopy(ctr, 0, idx, 0, 8);
        System.arraycopy(SimHash.h("sim-bacap-blinding", state, ctr), 0, idx, 8, 32);
        System.arraycopy(SimHash.h("sim-bacap-enckey", state, ctr), 0, idx, 40, 32);
        System.arraycopy(state, 0, idx, 72, 32);
        return idx;
    }

    static long counter(byte[] index) {
        return SimHash.readLe64(index, 0);
    }

    /** Idx64 + 1 with the state ratcheted forward; null if the counter would wrap. */
    static byte[] next(byte[] index) {
        long c = counter(index);
        if (c == -1L) {
            return null;
        }
        byte[] state = Arrays.copyOfRange(index, 72, 104);
        return index(c + 1, SimHash.h("sim-bacap-ratchet", state, SimHash.le64(c)));
    }

    static byte[] pkOfWriteCap(byte[] writeCap) {
        return Arrays.copyOfRange(writeCap, KEY, 2 * KEY);
    }

    static byte[] skOfWriteCap(byte[] writeCap) {
        return Arrays.copyOfRange(writeCap, 0, KEY);
    }

    static byte[] indexOfWriteCap(byte[] writeCap) {
        return Arrays.copyOfRange(writeCap, 2 * KEY, WRITE_CAP);
    }

    static byte[] pkOfReadCap(byte[] readCap) {
        return Arrays.copyOfRange(readCap, 0, KEY);
    }

    static byte[] indexOfReadCap(byte[] readCap) {
        return Arrays.copyOfRange(readCap, KEY, READ_CAP);
    }

    static byte[] readCapOf(byte[] writeCap) {
        return readCap(pkOfWriteCap(writeCap), indexOfWriteCap(writeCap));
    }

    static byte[] boxId(byte[] pk, long counter) {
        return SimHash.h("sim-bacap-box", pk, SimHash.le64(counter));
    }

    /** The write cap "mutated by a salt" (contact vouchers): a new key pair, same index. */
    static byte[] mutateWriteCap(byte[] writeCap, byte[] salt) {
        byte[] sk = SimHash.h("sim-bacap-mutate-sk", skOfWriteCap(writeCap), salt);
        byte[] pk = mutatePk(pkOfWriteCap(writeCap), salt);
        return writeCap(sk, pk, indexOfWriteCap(writeCap));
    }

    /** The matching read cap: readable with only the public part, so reader and writer agree. */
    static byte[] mutateReadCap(byte[] readCap, byte[] salt) {
        return readCap(mutatePk(pkOfReadCap(readCap), salt), indexOfReadCap(readCap));
    }

    private static byte[] mutatePk(byte[] pk, byte[] salt) {
        return SimHash.h("sim-bacap-mutate-pk", pk, salt);
    }
}
