package org.katzenpost.thin.internal.cbor;

/** IEEE 754 half precision (binary16), which CBOR floats may use (RFC 8949 §3.3), widened to a double. */
final class HalfFloat {
    private HalfFloat() {}

    static double toDouble(int h) {
        int sign = (h >>> 15) & 1;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        double v;
        if (exp == 0) {
            v = mant * 0x1p-24;
        } else if (exp == 31) {
            v = mant == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            v = (1 + mant / 1024.0) * Math.pow(2, exp - 15);
        }
        return sign == 1 ? -v : v;
    }
}
