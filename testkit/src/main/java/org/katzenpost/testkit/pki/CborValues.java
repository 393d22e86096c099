package org.katzenpost.testkit.pki;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.katzenpost.thin.internal.cbor.CborWriter;
import org.katzenpost.thin.pki.ByteKey;

/**
 * Encodes a tree of plain Java values as CBOR the way kpclientd's encoder (fxamacker/cbor) does, in either of
 * its two modes:
 *
 * <ul>
 *   <li><b>canonical</b> ({@code ccbor}, used for descriptors, the certified document and the first document
 *       event): map keys sorted length-first then bytewise, floats in the shortest width that holds the value
 *       exactly (half, single or double);
 *   <li><b>default</b> (later document broadcasts): map keys in insertion (Go struct-field) order, float64.
 * </ul>
 *
 * <p>Values: {@link Map} (use {@link java.util.LinkedHashMap} to fix the default-mode order), {@link List},
 * {@code byte[]}, {@link ByteKey} (a byte string, usually a map key), {@link String}, {@link Integer} /
 * {@link Long} / {@link BigInteger}, {@link Double} / {@link Float}, {@link Boolean}, {@code null}, and
 * {@link Encoded} for bytes that are already CBOR.
 */
public final class CborValues {
    /**
     * An already-encoded CBOR item, copied verbatim into the output.
     *
     * @param cbor one well-formed CBOR item; not checked
     */
    public record Encoded(byte[] cbor) {}

    private CborValues() {}

    /** The encoder's two modes (see the class comment). */
    private enum Mode { CANONICAL, DEFAULT }

    /**
     * Encodes {@code value} in the canonical mode (sorted map keys, shortest exact floats): the bytes
     * kpclientd's {@code ccbor} encoder would write.
     *
     * @param value a tree of the values listed on the class ({@code null} encodes as CBOR null)
     * @return the CBOR item
     * @throws IllegalArgumentException if the tree holds a value of another type, or a {@link BigInteger} that is
     *     negative or wider than 64 bits
     */
    public static byte[] canonical(Object value) {
        return encode(value, Mode.CANONICAL);
    }

    /**
     * Encodes {@code value} in the default mode (map keys in iteration order, float64): the bytes of
     * kpclientd's later document broadcasts.
     *
     * @param value a tree of the values listed on the class ({@code null} encodes as CBOR null)
     * @return the CBOR item
     * @throws IllegalArgumentException if the tree holds a value of another type, or a {@link BigInteger} that is
     *     negative or wider than 64 bits
     */
    public static byte[] defaultMode(Object value) {
        return encode(value, Mode.DEFAULT);
    }

    private static byte[] encode(Object value, Mode mode) {
        CborWriter w = new CborWriter(1024);
        write(w, value, mode);
        return w.toByteArray();
    }

    private static void write(CborWriter w, Object v, Mode mode) {
        if (v == null) {
            w.nul();
        } else if (v instanceof Map<?, ?> m) {
            List<byte[]> keys = new ArrayList<>(m.size());
            List<byte[]> vals = new ArrayList<>(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                keys.add(encode(e.getKey(), mode));
                vals.add(encode(e.getValue(), mode));
            }
            Integer[] order = new Integer[keys.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            if (mode == Mode.CANONICAL) {
                Arrays.sort(order, (a, b) -> {
                    byte[] ka = keys.get(a);
                    byte[] kb = keys.get(b);
                    return ka.length != kb.length ? Integer.compare(ka.length, kb.length) : Arrays.compareUnsigned(ka, kb);
                });
            }
            w.mapHeader(m.size());
            for (int i : order) {
                w.raw(keys.get(i)).raw(vals.get(i));
            }
        } else if (v instanceof List<?> l) {
            w.arrayHeader(l.size());
            for (Object o : l) {
                write(w, o, mode);
            }
        } else if (v instanceof byte[] b) {
            w.bytes(b);
        } else if (v instanceof ByteKey k) {
            w.bytes(k.toByteArray());
        } else if (v instanceof String s) {
            w.text(s);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            w.integer(((Number) v).longValue());
        } else if (v instanceof BigInteger b) {
            if (b.signum() >= 0 && b.bitLength() <= 64) {
                w.uint(b.longValue());
            } else {
                throw new IllegalArgumentException("integer out of CBOR range: " + b);
            }
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (mode == Mode.CANONICAL) {
                w.raw(shortestFloat(d));
            } else {
                w.float64(d);
            }
        } else if (v instanceof Boolean b) {
            w.bool(b);
        } else if (v instanceof Encoded e) {
            w.raw(e.cbor());
        } else {
            throw new IllegalArgumentException("cannot encode " + v.getClass().getName());
        }
    }

    /**
     * The shortest CBOR float encoding of a number that decodes to exactly that number, as canonical mode writes it.
     *
     * @param d any double, NaN and infinities included
     * @return the item: half, single or double precision with its initial byte
     */
    public static byte[] shortestFloat(double d) {
        if (Double.isNaN(d)) {
            return new byte[] {(byte) 0xF9, 0x7E, 0x00};
        }
        float f = (float) d;
        if (f != d && !Double.isInfinite(d)) {
            CborWriter w = new CborWriter(9);
            w.float64(d);
            return w.toByteArray();
        }
        int half = toHalfExact(f);
        if (half >= 0) {
            return new byte[] {(byte) 0xF9, (byte) (half >>> 8), (byte) half};
        }
        int bits = Float.floatToRawIntBits(f);
        return new byte[] {(byte) 0xFA, (byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
    }

    /** IEEE half-precision bits holding {@code f} exactly, or -1. */
    static int toHalfExact(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        if (Float.isInfinite(f)) {
            return sign | 0x7C00;
        }
        if (f == 0) {
            return sign;
        }
        int exp = Math.getExponent(f);
        if (exp > 15) {
            return -1;
        }
        int mant = bits & 0x7FFFFF;
        if (exp >= -14) {
            if ((mant & 0x1FFF) != 0) {
                return -1;
            }
            return sign | ((exp + 15) << 10) | (mant >>> 13);
        }
        // Half subnormal: |f| = m * 2^-24 with 0 < m < 1024.
        double m = Math.abs((double) f) * 0x1p24;
        if (m != Math.rint(m) || m >= 1024 || m < 1) {
            return -1;
        }
        return sign | (int) m;
    }
}
