package org.katzenpost.thin.internal.cbor;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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

    /** Appends an already-encoded CBOR item verbatim. */
    public CborWriter raw(byte[] encoded) {
        ensure(encoded.length);
        System.arraycopy(encoded, 0, buf, len, encoded.length);
        len += encoded.length;
        return this;
    }
}
