package org.katzenpost.thin.internal.cbor;

import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.katzenpost.thin.pki.ByteKey;

/**
 * Pull decoder over one complete CBOR item held in memory (one frame body).
 *
 * <p>Hostile input is the normal case here: every declared length is checked against the bytes that remain
 * before anything is allocated, nesting is bounded, and every failure is a {@link CborException}. Nothing
 * this class does can allocate more than a small multiple of the input size.
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

    /** Maps of this many entries or more have their keys' hash codes counted (see {@link #guardHashes}). */
    static final int HASH_GUARD_FROM = 64;
    /** Mutually incomparable keys of one map allowed to share a hash code. */
    static final int MAX_KEYS_PER_HASH = 64;

    private static final long BREAK = -2;
    private static final long INDEFINITE = -1;

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

    private int u8() {
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
    private long argument(int ib) {
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
        return decodeUtf8(utf8, off, len);
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
            return decodeUtf8(readChunks(3), 0, -1);
        }
        need(n);
        String known = keys.lookup(in, pos, (int) n);
        if (known != null) {
            pos += (int) n;
            return known;
        }
        String s = decodeUtf8(in, pos, (int) n);
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
            return tryNull() ? null : decodeUtf8(chunks, 0, chunks.length);
        }
        need(n);
        int start = pos;
        pos += (int) n;
        if (tryNull()) {
            return null;
        }
        String known = keys.lookup(in, start, (int) n);
        return known != null ? known : decodeUtf8(in, start, (int) n);
    }

    private static String decodeUtf8(byte[] b, int off, int len) {
        if (len < 0) {
            len = b.length - off;
        }
        if (isAscii(b, off, len)) {
            // ASCII is valid UTF-8 with the same code points; nearly every key and name on the wire is ASCII,
            // and this path skips the strict decoder's per-string allocations
            return new String(b, off, len, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(b, off, len))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CborException("text string is not valid UTF-8");
        }
    }

    private static boolean isAscii(byte[] b, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private byte[] readChunks(int major) {
        java.io.ByteArrayOutputStream acc = new java.io.ByteArrayOutputStream();
        while (!tryBreak()) {
            int ib = expectMajor(major, "a definite-length chunk");
            long n = length(ib);
            if (n == INDEFINITE) {
                throw new CborException("nested indefinite-length string chunk");
            }
            need(n);
            acc.write(in, pos, (int) n);
            pos += (int) n;
        }
        return acc.toByteArray();
    }

    private void skipChunks(int major) {
        while (!tryBreak()) {
            int ib = expectMajor(major, "a definite-length chunk");
            long n = length(ib);
            if (n == INDEFINITE) {
                throw new CborException("nested indefinite-length string chunk");
            }
            need(n);
            pos += (int) n;
        }
    }

    public double readFloat() {
        int ib = u8();
        switch (ib) {
            case 0xF9: {
                need(2);
                return halfToDouble((u8() << 8) | u8());
            }
            case 0xFA: {
                need(4);
                int bits = (u8() << 24) | (u8() << 16) | (u8() << 8) | u8();
                return Float.intBitsToFloat(bits);
            }
            case 0xFB: {
                need(8);
                long bits = 0;
                for (int i = 0; i < 8; i++) {
                    bits = (bits << 8) | u8();
                }
                return Double.longBitsToDouble(bits);
            }
            default:
                pos--;
                throw new CborException("expected a float but found " + peekType() + " at offset " + pos);
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

    static double halfToDouble(int h) {
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

    /** Skips one complete item of any kind, with the same bounds as decoding it. */
    public void skip() {
        CborType t = peekType();
        switch (t) {
            case MAP: {
                long n = readMapHeader();
                enter();
                for (long i = 0; hasNext(n, i); i++) {
                    skip();
                    skip();
                }
                depth--;
                break;
            }
            case ARRAY: {
                long n = readArrayHeader();
                enter();
                for (long i = 0; hasNext(n, i); i++) {
                    skip();
                }
                depth--;
                break;
            }
            case BYTES:
            case TEXT: {
                int ib = u8();
                long n = length(ib);
                if (n == INDEFINITE) {
                    skipChunks(ib >>> 5);
                } else {
                    need(n);
                    pos += (int) n;
                }
                break;
            }
            case TAG: {
                argument(u8());
                enter();
                skip();
                depth--;
                break;
            }
            case UNSIGNED:
            case NEGATIVE: {
                int ib = u8();
                if ((ib & 0x1F) == 31) {
                    throw new CborException("indefinite length on an integer");
                }
                argument(ib);
                break;
            }
            case FLOAT:
                readFloat();
                break;
            case BREAK:
                throw new CborException("unexpected break at offset " + pos);
            default: {
                int ib = u8();
                if ((ib & 0x1F) == 24) {
                    twoByteSimple();
                } else if ((ib & 0x1F) > 24) {
                    throw new CborException("reserved simple value encoding at offset " + (pos - 1));
                }
            }
        }
    }

    /** The byte after 0xF8: values below 32 have a one-byte form, and RFC 8949 §3.3 makes them not well-formed. */
    private int twoByteSimple() {
        int v = u8();
        if (v < 32) {
            throw new CborException("simple value " + v + " in the two-byte form at offset " + (pos - 2));
        }
        return v;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw new CborException("CBOR nested deeper than " + MAX_DEPTH);
        }
    }

    /**
     * Decodes the next item into plain Java values, losslessly: maps become {@link LinkedHashMap} (keys in wire
     * order; byte-string keys as {@link ByteKey}), arrays {@link List}, byte strings {@code byte[]}, text
     * {@link String}, integers {@link Long} or {@link BigInteger} beyond the long range, floats {@link Double},
     * booleans, null; tags as {@link CborTagged}, other simple values as {@link CborSimple}.
     */
    public Object readValue() {
        if (++values > MAX_VALUES) {
            throw new CborException("more than " + MAX_VALUES + " values in one item");
        }
        CborType t = peekType();
        switch (t) {
            case UNSIGNED: {
                long v = readUint64Bits();
                return v >= 0 ? (Object) v : new BigInteger(Long.toUnsignedString(v));
            }
            case NEGATIVE: {
                int ib = expectMajor(1, "an integer");
                if ((ib & 0x1F) == 31) {
                    throw new CborException("indefinite length on an integer");
                }
                long v = argument(ib);
                if (v >= 0) {
                    return -1 - v;
                }
                return BigInteger.valueOf(-1).subtract(new BigInteger(Long.toUnsignedString(v)));
            }
            case BYTES:
                return readBytes();
            case TEXT:
                return readText();
            case ARRAY: {
                long n = readArrayHeader();
                enter();
                List<Object> list = new ArrayList<>(n == INDEFINITE ? 4 : (int) Math.min(n, 1024));
                for (long i = 0; hasNext(n, i); i++) {
                    list.add(readValue());
                }
                depth--;
                return list;
            }
            case MAP: {
                long n = readMapHeader();
                enter();
                Map<Object, Object> map = new LinkedHashMap<>();
                Map<Integer, HashShare> sameHash = null;
                for (long i = 0; hasNext(n, i); i++) {
                    Object k = readValue();
                    if (k instanceof byte[]) {
                        k = ByteKey.wrapUnsafe((byte[]) k);
                    }
                    if (map.size() >= HASH_GUARD_FROM) {
                        sameHash = guardHashes(sameHash, map, k);
                    }
                    if (map.containsKey(k)) {
                        throw new CborException("duplicate map key " + describeKey(k));
                    }
                    map.put(k, readValue());
                }
                depth--;
                return map;
            }
            case TAG: {
                long tag = argument(u8());
                enter();
                Object v = readValue();
                depth--;
                return new CborTagged(tag, v);
            }
            case FALSE:
            case TRUE:
                return readBool();
            case NULL:
            case UNDEFINED:
                pos++;
                return null;
            case FLOAT:
                return readFloat();
            case BREAK:
                throw new CborException("unexpected break at offset " + pos);
            default: {
                int ib = u8();
                int ai = ib & 0x1F;
                if (ai == 24) {
                    return new CborSimple(twoByteSimple());
                }
                if (ai > 24) {
                    throw new CborException("reserved simple value encoding at offset " + (pos - 1));
                }
                return new CborSimple(ai);
            }
        }
    }

    /**
     * Counts map keys per hash code and fails when too many share one while being mutually incomparable: keys of
     * different classes, or of a class that is not Comparable (arrays, maps, tags, simple values, null). HashMap
     * scans every such key of a bin on each insertion, so a frame of crafted colliding keys (e.g. tags
     * {@code (x << 32) | x}, whose Long hash is 0) took quadratic time: seconds for 176 KB, days for one 40 MiB
     * frame. Same-class Comparable keys (text, byte strings, integers) stay unlimited: HashMap orders those.
     * Engaged only for maps of {@link #HASH_GUARD_FROM} entries or more, which kpclientd never sends.
     */
    private static Map<Integer, HashShare> guardHashes(Map<Integer, HashShare> shares, Map<Object, Object> map,
            Object k) {
        if (shares == null) {
            shares = new java.util.HashMap<>();
            for (Object e : map.keySet()) {
                share(shares, e);
            }
        }
        share(shares, k);
        return shares;
    }

    private static void share(Map<Integer, HashShare> shares, Object k) {
        HashShare s = shares.computeIfAbsent(java.util.Objects.hashCode(k), h -> new HashShare());
        Class<?> c = k == null ? Void.class : k.getClass();
        if (s.keys++ == 0) {
            s.keyClass = c;
        } else if (s.keyClass != c) {
            s.mixed = true;
        }
        if ((s.mixed || !(k instanceof Comparable)) && s.keys > MAX_KEYS_PER_HASH) {
            throw new CborException("more than " + MAX_KEYS_PER_HASH
                    + " incomparable map keys share one hash code (hash flooding)");
        }
    }

    /** The keys of one map that share one hash code. */
    private static final class HashShare {
        Class<?> keyClass;
        int keys;
        boolean mixed;
    }

    private static String describeKey(Object k) {
        return k instanceof String ? "\"" + k + "\"" : String.valueOf(k);
    }

    /** Decodes a whole buffer holding exactly one item. */
    public static Object decode(byte[] item) {
        CborReader r = new CborReader(item);
        Object v = r.readValue();
        r.expectEnd();
        return v;
    }
}
