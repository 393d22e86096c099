package org.katzenpost.thin.pki;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.katzenpost.thin.ProtocolViolationException;
import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.cbor.CborSimple;
import org.katzenpost.thin.internal.cbor.CborTagged;

/**
 * Typed, path-aware access to generically decoded CBOR (see {@link CborReader#readValue()}). Every shape
 * error becomes a {@link ProtocolViolationException} naming the offending path; missing keys and
 * {@code null} values read as zero / empty, as Go's decoder leaves them.
 */
final class Wire {
    private Wire() {}

    /** Decodes one complete CBOR item; any failure (including unexpected runtime errors) is a protocol violation. */
    static Object decode(byte[] bytes, String what) {
        if (bytes == null) {
            throw new ProtocolViolationException(what + ": no bytes");
        }
        try {
            return CborReader.decode(bytes);
        } catch (CborException e) {
            throw new ProtocolViolationException(what + ": malformed CBOR: " + e.getMessage(), e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new ProtocolViolationException(what + ": undecodable CBOR (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    static ProtocolViolationException bad(String path, String expected, Object found) {
        return new ProtocolViolationException(path + ": expected " + expected + " but found " + kind(found));
    }

    static String kind(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map) {
            return "a map";
        }
        if (v instanceof List) {
            return "an array";
        }
        if (v instanceof byte[]) {
            return "a byte string";
        }
        if (v instanceof String) {
            return "a text string";
        }
        if (v instanceof Long || v instanceof BigInteger) {
            return "an integer";
        }
        if (v instanceof Double) {
            return "a float";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        if (v instanceof CborTagged) {
            return "a tagged item";
        }
        if (v instanceof CborSimple) {
            return "a simple value";
        }
        return v.getClass().getSimpleName();
    }

    @SuppressWarnings("unchecked")
    static Map<Object, Object> asMap(Object v, String path) {
        if (v instanceof Map) {
            return (Map<Object, Object>) v;
        }
        throw bad(path, "a map", v);
    }

    /** A map value; absent or null gives an empty map. */
    static Map<Object, Object> optMap(Map<Object, Object> m, String key, String path) {
        Object v = m.get(key);
        return v == null ? Map.of() : asMap(v, path);
    }

    @SuppressWarnings("unchecked")
    static List<Object> optList(Map<Object, Object> m, String key, String path) {
        Object v = m.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List) {
            return (List<Object>) v;
        }
        throw bad(path, "an array", v);
    }

    static long uint(Object v, String path) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Long l) {
            if (l < 0) {
                throw new ProtocolViolationException(path + ": expected an unsigned integer but found " + l);
            }
            return l;
        }
        if (v instanceof BigInteger) {
            throw new ProtocolViolationException(path + ": integer " + v + " is out of range");
        }
        throw bad(path, "an unsigned integer", v);
    }

    static long uint(Map<Object, Object> m, String key, String path) {
        return uint(m.get(key), path);
    }

    static int uint8(Map<Object, Object> m, String key, String path) {
        long v = uint(m.get(key), path);
        if (v > 255) {
            throw new ProtocolViolationException(path + ": " + v + " does not fit in a uint8");
        }
        return (int) v;
    }

    /** A CBOR number of any kind (floats of any width, or an integer) as a double; absent or null gives 0. */
    static double number(Map<Object, Object> m, String key, String path) {
        Object v = m.get(key);
        if (v == null) {
            return 0;
        }
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof BigInteger b) {
            return b.doubleValue();
        }
        throw bad(path, "a number", v);
    }

    static byte[] bytes(Object v, String path) {
        if (v == null) {
            return new byte[0];
        }
        if (v instanceof byte[] b) {
            return b.clone();
        }
        throw bad(path, "a byte string", v);
    }

    static byte[] bytes(Map<Object, Object> m, String key, String path) {
        return bytes(m.get(key), path);
    }

    static String text(Object v, String path) {
        if (v == null) {
            return "";
        }
        if (v instanceof String s) {
            return s;
        }
        throw bad(path, "a text string", v);
    }

    static String text(Map<Object, Object> m, String key, String path) {
        return text(m.get(key), path);
    }

    static boolean bool(Map<Object, Object> m, String key, String path) {
        Object v = m.get(key);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw bad(path, "a boolean", v);
    }

    /** {@code map{uint → bstr}} (MixKeys, EnvelopeKeys), sorted by key, values owned by the result. */
    static Map<Long, byte[]> uintToBytes(Map<Object, Object> m, String key, String path) {
        Map<Object, Object> src = optMap(m, key, path);
        java.util.TreeMap<Long, byte[]> out = new java.util.TreeMap<>();
        for (Map.Entry<Object, Object> e : src.entrySet()) {
            if (e.getKey() == null) {
                throw bad(path + " key", "an unsigned integer", null);
            }
            long k = uint(e.getKey(), path + " key");
            out.put(k, bytes(e.getValue(), path + "[" + k + "]"));
        }
        return out;
    }

    /** {@code map{tstr → array of tstr}} (Addresses). */
    static Map<String, List<String>> addresses(Map<Object, Object> m, String key, String path) {
        Map<Object, Object> src = optMap(m, key, path);
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : src.entrySet()) {
            if (!(e.getKey() instanceof String transport)) {
                throw bad(path + " key", "a text string", e.getKey());
            }
            Object v = e.getValue();
            List<String> urls = new ArrayList<>();
            if (v != null) {
                if (!(v instanceof List<?> list)) {
                    throw bad(path + "." + transport, "an array", v);
                }
                for (int i = 0; i < list.size(); i++) {
                    Object u = list.get(i);
                    if (!(u instanceof String s)) {
                        throw bad(path + "." + transport + "[" + i + "]", "a text string", u);
                    }
                    urls.add(s);
                }
            }
            out.put(transport, List.copyOf(urls));
        }
        return Collections.unmodifiableMap(out);
    }

    /** {@code map{tstr → map{tstr → any}}} (Kaetzchen, KaetzchenAdvertizedData), frozen. */
    static Map<String, Map<String, Object>> capabilityMap(Object v, String path) {
        if (v == null) {
            return Map.of();
        }
        Map<Object, Object> src = asMap(v, path);
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : src.entrySet()) {
            if (!(e.getKey() instanceof String cap)) {
                throw bad(path + " key", "a text string", e.getKey());
            }
            Map<String, Object> inner = new LinkedHashMap<>();
            if (e.getValue() != null) {
                for (Map.Entry<Object, Object> f : asMap(e.getValue(), path + "." + cap).entrySet()) {
                    if (!(f.getKey() instanceof String name)) {
                        throw bad(path + "." + cap + " key", "a text string", f.getKey());
                    }
                    inner.put(name, freeze(f.getValue()));
                }
            }
            out.put(cap, Collections.unmodifiableMap(inner));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Deep unmodifiable copy: maps keep wire order, byte arrays are copied (callers still get {@link #copyOut}). */
    static Object freeze(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(e.getKey(), freeze(e.getValue()));
            }
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(freeze(o));
            }
            return Collections.unmodifiableList(out);
        }
        if (v instanceof byte[] b) {
            return b.clone();
        }
        if (v instanceof CborTagged t) {
            return new CborTagged(t.tag(), freeze(t.value()));
        }
        return v;
    }

    /**
     * Makes a value decoded by {@link CborReader#readValue()} unmodifiable in place, without copying it: maps and
     * lists are wrapped (their children sealed first), byte arrays are kept. Only for trees nothing else refers
     * to, such as the one a document was just parsed into; anything handed out still goes through
     * {@link #copyOut}. A map or list that is not a decoder-made HashMap/ArrayList is taken as sealed already.
     */
    static Object seal(Object v) {
        if (v instanceof java.util.HashMap<?, ?> m) {
            @SuppressWarnings("unchecked")
            java.util.HashMap<Object, Object> mm = (java.util.HashMap<Object, Object>) m;
            mm.replaceAll((k, x) -> seal(x));
            return Collections.unmodifiableMap(mm);
        }
        if (v instanceof ArrayList<?> l) {
            @SuppressWarnings("unchecked")
            ArrayList<Object> ll = (ArrayList<Object>) l;
            ll.replaceAll(Wire::seal);
            return Collections.unmodifiableList(ll);
        }
        if (v instanceof CborTagged t) {
            return new CborTagged(t.tag(), seal(t.value()));
        }
        return v;
    }

    /**
     * Deep copy of a frozen value for handing out: unmodifiable containers, fresh byte arrays, so that nothing a
     * caller does can change the document.
     */
    static Object copyOut(Object v) {
        return freeze(v);
    }

    @SuppressWarnings("unchecked")
    static Map<Object, Object> copyOutMap(Map<Object, Object> frozen) {
        return (Map<Object, Object>) freeze(frozen);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> copyOutCaps(Map<String, Map<String, Object>> frozen) {
        return (Map<String, Map<String, Object>>) (Object) freeze(frozen);
    }

    static Map<Long, byte[]> copyOutKeys(Map<Long, byte[]> keys) {
        java.util.TreeMap<Long, byte[]> out = new java.util.TreeMap<>();
        keys.forEach((k, v) -> out.put(k, v.clone()));
        return Collections.unmodifiableMap(out);
    }

    /** The descriptors of a node list: each a byte string holding a CBOR MixDescriptor, or tolerated inline. */
    static List<MixDescriptor> mixDescriptors(List<?> nodes, String path) {
        List<MixDescriptor> out = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            String p = path + "[" + i + "]";
            Object n = nodes.get(i);
            if (n instanceof byte[] b) {
                out.add(MixDescriptor.parse(b, p));
            } else if (n instanceof Map) { // tolerated: an inline descriptor map
                out.add(MixDescriptor.fromMap(asMap(n, p), p));
            } else {
                throw bad(p, "a byte string holding a CBOR MixDescriptor", n);
            }
        }
        return List.copyOf(out);
    }

    /** Replica ids 0..255: Go encodes a {@code []uint8} as a byte string; an array of integers is tolerated. */
    static List<Integer> replicaIds(Object v, String path) {
        if (v == null) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        if (v instanceof byte[] b) { // Go []uint8 encodes as a byte string
            for (byte x : b) {
                out.add(x & 0xFF);
            }
        } else if (v instanceof List<?> l) { // tolerated: an array of small integers
            for (int i = 0; i < l.size(); i++) {
                long id = uint(l.get(i), path + "[" + i + "]");
                if (l.get(i) == null || id > 255) {
                    throw new ProtocolViolationException(path + "[" + i + "]: not a replica id 0..255");
                }
                out.add((int) id);
            }
        } else {
            throw bad(path, "a byte string of replica ids", v);
        }
        return List.copyOf(out);
    }

    /** A list of byte strings. */
    static List<byte[]> byteList(List<Object> l, String path) {
        List<byte[]> out = new ArrayList<>(l.size());
        for (int i = 0; i < l.size(); i++) {
            out.add(bytes(l.get(i), path + "[" + i + "]"));
        }
        return Collections.unmodifiableList(out);
    }

    /** An optional map from byte-string keys to byte strings, in wire order. */
    static Map<ByteKey, byte[]> byteKeyed(Map<Object, Object> m, String key, String path) {
        Map<ByteKey, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : optMap(m, key, path).entrySet()) {
            if (!(e.getKey() instanceof ByteKey k)) {
                throw bad(path + " key", "a byte string", e.getKey());
            }
            out.put(k, bytes(e.getValue(), path + "[" + k + "]"));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Fresh copies of the byte arrays, in an unmodifiable list. */
    static List<byte[]> copyOutList(List<byte[]> l) {
        List<byte[]> out = new ArrayList<>(l.size());
        for (byte[] b : l) {
            out.add(b.clone());
        }
        return Collections.unmodifiableList(out);
    }

    /** Fresh copies of the byte arrays, in an unmodifiable map of the same order. */
    static Map<ByteKey, byte[]> copyOutByteKeyed(Map<ByteKey, byte[]> m) {
        Map<ByteKey, byte[]> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.clone()));
        return Collections.unmodifiableMap(out);
    }

    /** Short hex prefix of a public key for toString: public, but long and noisy. */
    static String shortHex(byte[] b) {
        if (b == null || b.length == 0) {
            return "<none>";
        }
        int n = Math.min(b.length, 8);
        return HexFormat.of().formatHex(b, 0, n) + (b.length > n ? "…(" + b.length + "B)" : "");
    }
}
