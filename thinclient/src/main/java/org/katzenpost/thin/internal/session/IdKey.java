package org.katzenpost.thin.internal.session;

/** A 16-byte id as two longs: a cheap, value-comparing map key for query and SURB ids. */
record IdKey(long hi, long lo) {
    static IdKey of(byte[] id) {
        if (id == null || id.length != 16) {
            return null;
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (id[i] & 0xFF);
            lo = (lo << 8) | (id[i + 8] & 0xFF);
        }
        return new IdKey(hi, lo);
    }
}
