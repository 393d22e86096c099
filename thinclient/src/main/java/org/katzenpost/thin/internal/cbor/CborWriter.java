package org.katzenpost.thin.internal.cbor;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.katzenpost.thin.pki.ByteKey;

/**
 * Minimal CBOR encoder (RFC 8949) producing definite-length items only, the dialect kpclientd decodes.
 * Writes into a growable array; {@link #reset()} lets a caller reuse one writer per thread.
 */
public final class CborWriter {
    private byte[] buf;
    private int len;

    public CborWriter() {
        this(256);
    }

    public CborWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public CborWriter reset() {
        len = 0;
        return this;
    }

    public int size() {
        return len;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** Copies the encoded bytes into {@code dst} at {@code offset}. */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(buf, 0, dst, offset, len);
    }

    private void ensure(int extra) {
        int need = len + extra;
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
    }

    private void head(int major, long value) {
        ensure(9);
        int mt = major << 5;
        if (value >= 0 && value < 24) {
            buf[len++] = (byte) (mt | value);
        } else if (value >= 0 && value <= 0xFF) {
            buf[len++] = (byte) (mt | 24);
            buf[len++] = (byte) value;
        } else if (value >= 0 && value <= 0xFFFF) {
            buf[len++] = (byte) (mt | 25);
            buf[len++] = (byte) (value >>> 8);
            buf[len++] = (byte) value;
        } else if (value >= 0 && value <= 0xFFFF_FFFFL) {
            buf[len++] = (byte) (mt | 26);
            buf[len++] = (byte) (value >>> 24);
            buf[len++] = (byte) (value >>> 16);
            buf[len++] = (byte) (value >>> 8);
            buf[len++] = (byte) value;
        } else {
            // Also covers the upper half of uint64, passed in as a negative long.
            buf[len++] = (byte) (mt | 27);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[len++] = (byte) (value >>> shift);
            }
        }
    }

    public CborWriter mapHeader(int entries) {
        head(5, entries);
        return this;
    }

    public CborWriter arrayHeader(int elements) {
        head(4, elements);
        return this;
    }

    /** Unsigned integer; a negative {@code value} is taken as the uint64 with the same bits. */
    public CborWriter uint(long value) {
        head(0, value);
        return this;
    }

    /** Signed integer (major type 0 or 1). */
    public CborWriter integer(long value) {
        if (value >= 0) {
            head(0, value);
        } else {
            head(1, -1 - value);
        }
        return this;
    }

    public CborWriter bool(boolean value) {
        ensure(1);
        buf[len++] = (byte) (value ? 0xF5 : 0xF4);
        return this;
    }

    public CborWriter nul() {
        ensure(1);
        buf[len++] = (byte) 0xF6;
        return this;
    }

    public CborWriter float64(double value) {
        ensure(9);
        buf[len++] = (byte) 0xFB;
        long bits = Double.doubleToRawLongBits(value);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[len++] = (byte) (bits >>> shift);
        }
        return this;
    }

    public CborWriter bytes(byte[] value) {
        return bytes(value, 0, value.length);
    }

    public CborWriter bytes(byte[] value, int offset, int length) {
        head(2, length);
        ensure(length);
        System.arraycopy(value, offset, buf, len, length);
        len += length;
        return this;
    }

    /** A byte string, or null when {@code value} is null. */
    public CborWriter bytesOrNull(byte[] value) {
        return value == null ? nul() : bytes(value);
    }

    public CborWriter text(String value) {
        // Keys and most values are ASCII: encode without an intermediate array when possible.
        int n = value.length();
        boolean ascii = true;
        for (int i = 0; i < n; i++) {
            if (value.charAt(i) >= 0x80) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            head(3, n);
            ensure(n);
            for (int i = 0; i < n; i++) {
                buf[len++] = (byte) value.charAt(i);
            }
        } else {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            head(3, utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, buf, len, utf8.length);
            len += utf8.length;
        }
        return this;
    }

    public CborWriter textOrNull(String value) {
        return value == null ? nul() : text(value);
    }

    /** A tag head; the tagged item must follow. kpclientd sends and expects no tags: tests and round-trips only. */
    public CborWriter tag(long tag) {
        head(6, tag);
        return this;
    }

    /** A simple value (0…255 except the reserved 24…31). */
    public CborWriter simple(int value) {
        if (value < 0 || value > 255 || (value >= 24 && value < 32)) {
            throw new IllegalArgumentException("not an encodable simple value: " + value);
        }
        ensure(2);
        if (value < 24) {
            buf[len++] = (byte) (0xE0 | value);
        } else {
            buf[len++] = (byte) 0xF8;
            buf[len++] = (byte) value;
        }
        return this;
    }

    /**
     * Writes a value of the generic data model that {@link CborReader#readValue()} produces (maps, lists,
     * {@code byte[]}, {@link ByteKey}, strings, integers including {@link BigInteger}, floats, booleans, null,
     * {@link CborTagged}, {@link CborSimple}), so that decode → encode reproduces a definite-length item.
     * Integer and Short are accepted too; anything else is an IllegalArgumentException.
     */
    public CborWriter value(Object v) {
        if (v == null) {
            return nul();
        }
        if (v instanceof byte[]) {
            return bytes((byte[]) v);
        }
        if (v instanceof String) {
            return text((String) v);
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return integer(((Number) v).longValue());
        }
        if (v instanceof Boolean) {
            return bool((Boolean) v);
        }
        if (v instanceof Double || v instanceof Float) {
            return float64(((Number) v).doubleValue());
        }
        if (v instanceof ByteKey) {
            return bytes(((ByteKey) v).toByteArray());
        }
        if (v instanceof BigInteger) {
            BigInteger b = (BigInteger) v;
            if (b.signum() >= 0 && b.bitLength() <= 64) {
                head(0, b.longValue());
                return this;
            }
            BigInteger m = BigInteger.ONE.negate().subtract(b); // -1 - b
            if (b.signum() < 0 && m.bitLength() <= 64) {
                head(1, m.longValue());
                return this;
            }
            throw new IllegalArgumentException("integer outside the CBOR range: " + b);
        }
        if (v instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) v;
            mapHeader(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                value(e.getKey());
                value(e.getValue());
            }
            return this;
        }
        if (v instanceof List) {
            List<?> l = (List<?>) v;
            arrayHeader(l.size());
            for (Object o : l) {
                value(o);
            }
            return this;
        }
        if (v instanceof CborTagged) {
            CborTagged t = (CborTagged) v;
            tag(t.tag());
            return value(t.value());
        }
        if (v instanceof CborSimple) {
            return simple(((CborSimple) v).value());
        }
        throw new IllegalArgumentException("no CBOR encoding for " + v.getClass().getName());
    }

    /** Appends an already-encoded CBOR item verbatim. */
    public CborWriter raw(byte[] encoded) {
        ensure(encoded.length);
        System.arraycopy(encoded, 0, buf, len, encoded.length);
        len += encoded.length;
        return this;
    }
}
