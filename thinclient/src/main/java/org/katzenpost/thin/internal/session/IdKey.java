package org.katzenpost.thin.internal.session;

/**
 * A 16-byte id as two longs: a cheap, value-comparing map key for query and SURB ids.
 *
 * <p>{@code equals} and {@code hashCode} are written out: a record's generated ones are bootstrapped through
 * method handles on first use, which cost the first call of a fresh JVM tens of milliseconds
 * (docs/performance.md, "The first call, cold JVM").
 */
final class IdKey {
    private final long hi;
    private final long lo;

    IdKey(long hi, long lo) {
        this.hi = hi;
        this.lo = lo;
    }

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

    long hi() {
        return hi;
    }

    long lo() {
        return lo;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdKey k && k.hi == hi && k.lo == lo;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hi) * 31 + Long.hashCode(lo);
    }

    @Override
    public String toString() {
        return "IdKey[hi=" + hi + ", lo=" + lo + "]";
    }
}
