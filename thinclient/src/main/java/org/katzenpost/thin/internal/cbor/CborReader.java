package org.katzenpost.thin.internal.cbor;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import org.katzenpost.thin.pki.ByteKey;

/**
 * Pull decoder over one complete CBOR item held in memory (one frame body).
 *
 * <p>Hostile input is the normal case here: every declared length is checked against the bytes that remain
 * before anything is allocated, nesting is bounded, and every failure is a {@link CborException}. Nothing
 * this class does can allocate more than a small multiple of the input size. Whole items of any type (skipping,
 * generic decoding) are walked by {@link AnyItem}; UTF-8 is checked by {@link Utf8}.
 */
public final class CborReader {
    /** Deeper than anything kpclientd sends (the PKI document nests about 6 levels). */
    public static final int MAX_DEPTH = 64;

    /**
     * Values {@link #readValue()} builds from one reader. Each costs up to ~60 bytes of heap for one byte of
     * input (an empty map is a LinkedHashMap), so without a cap a 40 MiB frame of {@code [{}, {}, ...]} held
     * ~2.5 GB; with it, at most ~64 MB. kpclientd's largest generic item, a PKI document, has a few thousand.
     */
    public static final int MAX_VALUES = 1 << 20;

    /** The length {@link #readMapHeader()} and {@link #readArrayHeader()} return for an indefinite container. */
    static final long INDEFINITE = -1;

    private final byte[] in;
    private final int end;
    private int pos;
    private int depth;
    private int values;

    public CborReader(byte[] input) {
        this(input, 0, input.length);
    }

    public CborReader(byte[] input, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > input.length) {
            throw new IllegalArgumentException("bad slice");
        }
        this.in = input;
        this.pos = offset;
        this.end = offset + length;
    }

    public int position() {
        return pos;
    }

    public boolean atEnd() {
        return pos >= end;
    }

    /** Fails unless the whole input was consumed: a frame holds exactly one item. */
    public void expectEnd() {
        if (pos != end) {
            throw new CborException((end - pos) + " trailing bytes after the CBOR item");
        }
    }

    int u8() {
        if (pos >= end) {
            throw new CborException("truncated CBOR: needed 1 more byte at offset " + pos);
        }
        return in[pos++] & 0xFF;
    }

    private void need(long n) {
        if (n < 0 || n > end - pos) {
            throw new CborException("truncated CBOR: item declares " + n + " bytes, " + (end - pos) + " remain");
        }
    }

    public CborType peekType() {
        if (pos >= end) {
            throw new CborException("truncated CBOR: no item at offset " + pos);
        }
        int ib = in[pos] & 0xFF;
        // kept inline: it runs for every map key of every frame (docs/performance.md, "Wire codec per message kind")
        switch (ib >>> 5) {
            case 0: return CborType.UNSIGNED;
            case 1: return CborType.NEGATIVE;
            case 2: return CborType.BYTES;
            case 3: return CborType.TEXT;
            case 4: return CborType.ARRAY;
            case 5: return CborType.MAP;
            case 6: return CborType.TAG;
            default:
                switch (ib & 0x1F) {
                    case 20: return CborType.FALSE;
                    case 21: return CborType.TRUE;
                    case 22: return CborType.NULL;
                    case 23: return CborType.UNDEFINED;
                    case 25: case 26: case 27: return CborType.FLOAT;
                    case 31: return CborType.BREAK;
                    default: return CborType.SIMPLE;
                }
        }
    }

    /**
     * Reads the argument of a head whose initial byte was already consumed. An 8-byte argument may come back
     * "negative" (the upper half of uint64): callers decide how to read it. Indefinite length (ai 31) is refused
     * here; container and string heads use {@link #length(int)} instead.
     */
    long argument(int ib) {
        int ai = ib & 0x1F;
        if (ai < 24) {
            return ai;
        }
        switch (ai) {
            case 24: return u8();
            case 25: need(2); return ((long) u8() << 8) | u8();
            case 26: need(4); return ((long) u8() << 24) | ((long) u8() << 16) | ((long) u8() << 8) | u8();
            case 27: {
                need(8);
                long v = 0;
                for (int i = 0; i < 8; i++) {
                    v = (v << 8) | u8();
                }
                return v;
            }
            case 31: throw new CborException("indefinite length not allowed at offset " + (pos - 1));
            default: throw new CborException("reserved additional info " + ai + " at offset " + (pos - 1));
        }
    }

    /**
     * The length of a string or container head: INDEFINITE for ai 31, else a non-negative count. A declared
     * length of 2^63 or more (which could otherwise be mistaken for INDEFINITE) is refused.
     */
    private long length(int ib) {
        if ((ib & 0x1F) == 31) {
            return INDEFINITE;
        }
        long n = argument(ib);
        if (n < 0) {
            throw new CborException("declared length " + Long.toUnsignedString(n) + " exceeds the input");
        }
        return n;
    }

    private int expectMajor(int major, String what) {
        if (pos >= end) {
            throw new CborException("truncated CBOR: expected " + what);
        }
        int ib = in[pos] & 0xFF;
        if (ib >>> 5 != major) {
            throw new CborException("expected " + what + " but found " + peekType() + " at offset " + pos);
        }
        pos++;
        return ib;
    }

    /** True, and consumes it, when the next item is null (or undefined). */
    public boolean tryNull() {
        if (pos < end && (in[pos] == (byte) 0xF6 || in[pos] == (byte) 0xF7)) {
            pos++;
            return true;
        }
        return false;
    }

    /** Map header; returns the entry count, or -1 for an indefinite map (end with {@link #tryBreak()}). */
    public long readMapHeader() {
        int ib = expectMajor(5, "a map");
        long n = length(ib);
        if (n != INDEFINITE) {
            need(n); // each entry needs at least 2 bytes; 1 per entry is already a safe bound
        }
        return n;
    }

    public long readArrayHeader() {
        int ib = expectMajor(4, "an array");
        long n = length(ib);
        if (n != INDEFINITE) {
            need(n);
        }
        return n;
    }

    /** Consumes a break byte if it is next (end of an indefinite container). */
    public boolean tryBreak() {
        if (pos < end && in[pos] == (byte) 0xFF) {
            pos++;
            return true;
        }
        return false;
    }

    /** Whether another entry follows in a container opened with count {@code n} after {@code i} entries. */
    public boolean hasNext(long n, long i) {
        return n == INDEFINITE ? !tryBreak() : i < n;
    }

    public boolean readBool() {
        int b = u8();
        if (b == 0xF5) {
            return true;
        }
        if (b == 0xF4) {
            return false;
        }
        pos--;
        throw new CborException("expected a boolean but found " + peekType() + " at offset " + pos);
    }

    /** An unsigned integer that fits in a signed long. */
    public long readUint() {
        int ib = expectMajor(0, "an unsigned integer");
        long v = argument(ib);
        if (v < 0) {
            throw new CborException("unsigned integer exceeds 2^63-1");
        }
        return v;
    }

    /** The full uint64 range, returned as the long with the same bits (use Long.toUnsignedString). */
    public long readUint64Bits() {
        int ib = expectMajor(0, "an unsigned integer");
        return argument(ib);
    }

    /** Any integer (major 0 or 1) that fits in a long. */
    public long readInt() {
        CborType t = peekType();
        if (t == CborType.UNSIGNED) {
            return readUint();
        }
        int ib = expectMajor(1, "an integer");
        long v = argument(ib);
        if (v < 0) {
            throw new CborException("negative integer out of range");
        }
        return -1 - v;
    }

    public byte[] readBytes() {
        int ib = expectMajor(2, "a byte string");
        long n = length(ib);
        if (n == INDEFINITE) {
            return readChunks(2);
        }
        need(n);
        byte[] out = Arrays.copyOfRange(in, pos, pos + (int) n);
        pos += (int) n;
        return out;
    }

    /** A byte string of exactly {@code size} bytes, or a CborException naming {@code field}. */
    public byte[] readBytes(int size, String field) {
        byte[] b = readBytes();
        if (b.length != size) {
            throw new CborException(field + ": expected " + size + " bytes, got " + b.length);
        }
        return b;
    }

    public byte[] readBytesOrNull() {
        return tryNull() ? null : readBytes();
    }

    public String readText() {
        int ib = expectMajor(3, "a text string");
        long n = length(ib);
        byte[] utf8;
        int off;
        int len;
        if (n == INDEFINITE) {
            utf8 = readChunks(3);
            off = 0;
            len = utf8.length;
        } else {
            need(n);
            utf8 = in;
            off = pos;
            len = (int) n;
            pos += len;
        }
        return Utf8.decode(utf8, off, len);
    }

    public String readTextOrNull() {
        return tryNull() ? null : readText();
    }

    /**
     * Reads a text map key, returning the canonical instance from {@code keys} when it is one of them, so that
     * decoding the daemon's 25-key response maps allocates no strings.
     */
    public String readKey(KeyTable keys) {
        int ib = expectMajor(3, "a text map key");
        long n = length(ib);
        if (n == INDEFINITE) {
            byte[] chunks = readChunks(3);
            return Utf8.decode(chunks, 0, chunks.length);
        }
        need(n);
        String known = keys.lookup(in, pos, (int) n);
        if (known != null) {
            pos += (int) n;
            return known;
        }
        String s = Utf8.decode(in, pos, (int) n);
        pos += (int) n;
        return s;
    }

    /**
     * Reads a text map key and, when the value after it is null (or undefined), consumes that value too and
     * returns null without looking the key up. Otherwise returns the key as {@link #readKey(KeyTable)} does,
     * leaving the value unread. Decoding kpclientd's responses, where 24 of 25 keys carry null, mostly takes
     * this short path.
     */
    public String readKeyUnlessNullValue(KeyTable keys) {
        int ib = expectMajor(3, "a text map key");
        long n = length(ib);
        if (n == INDEFINITE) {
            byte[] chunks = readChunks(3);
            return tryNull() ? null : Utf8.decode(chunks, 0, chunks.length);
        }
        need(n);
        int start = pos;
        pos += (int) n;
        if (tryNull()) {
            return null;
        }
        String known = keys.lookup(in, start, (int) n);
        return known != null ? known : Utf8.decode(in, start, (int) n);
    }

    private byte[] readChunks(int major) {
        ByteArrayOutputStream acc = new ByteArrayOutputStream();
        chunks(major, acc);
        return acc.toByteArray();
    }

    /** The chunks of an indefinite-length string up to its break: appended to {@code acc}, or skipped if null. */
    private void chunks(int major, ByteArrayOutputStream acc) {
        while (!tryBreak()) {
            int ib = expectMajor(major, "a definite-length chunk");
            long n = length(ib);
            if (n == INDEFINITE) {
                throw new CborException("nested indefinite-length string chunk");
            }
            need(n);
            if (acc != null) {
                acc.write(in, pos, (int) n);
            }
            pos += (int) n;
        }
    }

    /** Skips the rest of a byte or text string whose head {@code ib} was consumed. */
    void skipString(int ib) {
        long n = length(ib);
        if (n == INDEFINITE) {
            chunks(ib >>> 5, null);
        } else {
            need(n);
            pos += (int) n;
        }
    }

    /** A float of any width; RFC 8949 §3.3 carries its bits as the head's argument (ai 25, 26 or 27). */
    public double readFloat() {
        int ib = u8();
        if (ib < 0xF9 || ib > 0xFB) {
            pos--;
            throw new CborException("expected a float but found " + peekType() + " at offset " + pos);
        }
        long bits = argument(ib);
        switch (ib) {
            case 0xF9: return HalfFloat.toDouble((int) bits);
            case 0xFA: return Float.intBitsToFloat((int) bits);
            default: return Double.longBitsToDouble(bits);
        }
    }

    /** A number of any CBOR numeric kind, as a double (PKI rates may come as integers or any float width). */
    public double readNumber() {
        CborType t = peekType();
        if (t == CborType.FLOAT) {
            return readFloat();
        }
        if (t == CborType.UNSIGNED || t == CborType.NEGATIVE) {
            return readInt();
        }
        throw new CborException("expected a number but found " + t + " at offset " + pos);
    }

    /** Skips one complete item of any kind, with the same bounds as decoding it. */
    public void skip() {
        AnyItem.skip(this);
    }

    /** The argument of an integer head {@code ib} (consumed): as {@link #argument(int)}, naming the integer. */
    long integerArgument(int ib) {
        if ((ib & 0x1F) == 31) {
            throw new CborException("indefinite length on an integer");
        }
        return argument(ib);
    }

    /** The value of a simple-value head {@code ib} (consumed) that is not false, true, null, undefined or a float. */
    int simpleValue(int ib) {
        int ai = ib & 0x1F;
        if (ai == 24) {
            return twoByteSimple();
        }
        if (ai > 24) {
            throw new CborException("reserved simple value encoding at offset " + (pos - 1));
        }
        return ai;
    }

    /** The byte after 0xF8: values below 32 have a one-byte form, and RFC 8949 §3.3 makes them not well-formed. */
    private int twoByteSimple() {
        int v = u8();
        if (v < 32) {
            throw new CborException("simple value " + v + " in the two-byte form at offset " + (pos - 2));
        }
        return v;
    }

    /** Opens a nested container or tag, within {@link #MAX_DEPTH}; {@link #leave()} closes it. */
    void enter() {
        if (++depth > MAX_DEPTH) {
            throw new CborException("CBOR nested deeper than " + MAX_DEPTH);
        }
    }

    void leave() {
        depth--;
    }

    /** Counts one value {@link #readValue()} builds, within {@link #MAX_VALUES}. */
    void countValue() {
        if (++values > MAX_VALUES) {
            throw new CborException("more than " + MAX_VALUES + " values in one item");
        }
    }

    /**
     * Decodes the next item into plain Java values, losslessly: maps become {@link LinkedHashMap} (keys in wire
     * order; byte-string keys as {@link ByteKey}), arrays {@link List}, byte strings {@code byte[]}, text
     * {@link String}, integers {@link Long} or {@link BigInteger} beyond the long range, floats {@link Double},
     * booleans, null; tags as {@link CborTagged}, other simple values as {@link CborSimple}.
     */
    public Object readValue() {
        return AnyItem.read(this);
    }

    /** Decodes a whole buffer holding exactly one item. */
    public static Object decode(byte[] item) {
        CborReader r = new CborReader(item);
        Object v = r.readValue();
        r.expectEnd();
        return v;
    }
}
