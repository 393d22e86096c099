package org.katzenpost.thin.internal.cbor;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Admits each key of a map that {@link CborReader#readValue()} builds: a key already in the map fails (a map
 * with duplicate keys has no single meaning), and so do too many incomparable keys sharing one hash code.
 *
 * <p>The second check counts keys per hash code and fails when more than {@link #MAX_KEYS_PER_HASH} share one while
 * being mutually incomparable: keys of different classes, or of a class that is not Comparable (arrays, maps, tags,
 * simple values, null). HashMap scans every such key of a bin on each insertion, so a frame of crafted colliding
 * keys (e.g. tags {@code (x << 32) | x}, whose Long hash is 0) took quadratic time: seconds for 176 KB, days for
 * one 40 MiB frame. Same-class Comparable keys (text, byte strings, integers) stay unlimited: HashMap orders
 * those. Counting starts at {@link #HASH_GUARD_FROM} entries, a map size kpclientd never sends.
 */
final class MapKeyGuard {
    /** Maps of this many entries or more have their keys' hash codes counted. */
    static final int HASH_GUARD_FROM = 64;
    /** Mutually incomparable keys of one map allowed to share a hash code. */
    static final int MAX_KEYS_PER_HASH = 64;

    private final Map<Integer, HashShare> shares = new HashMap<>();

    private MapKeyGuard(Map<Object, Object> map) {
        for (Object k : map.keySet()) {
            share(k);
        }
    }

    /**
     * Checks {@code key} before it is put in {@code map}.
     *
     * @param guard what this method returned for the previous key of the same map, or null for its first key
     * @return the guard to pass with the next key of the same map (null while the map is small)
     * @throws CborException if {@code key} is a duplicate or one incomparable key too many for its hash code
     */
    static MapKeyGuard admit(MapKeyGuard guard, Map<Object, Object> map, Object key) {
        if (map.size() >= HASH_GUARD_FROM) {
            if (guard == null) {
                guard = new MapKeyGuard(map);
            }
            guard.share(key);
        }
        if (map.containsKey(key)) {
            throw new CborException("duplicate map key " + describe(key));
        }
        return guard;
    }

    private void share(Object k) {
        HashShare s = shares.computeIfAbsent(Objects.hashCode(k), h -> new HashShare());
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

    /** The key's kind and size, never its content: an application's map keys can be what it keeps secret. */
    private static String describe(Object k) {
        if (k instanceof String s) {
            return "(a text of " + s.length() + " characters)";
        }
        return k == null ? "(null)" : "(a " + k.getClass().getSimpleName() + ")";
    }

    /** The keys of one map that share one hash code. */
    private static final class HashShare {
        Class<?> keyClass;
        int keys;
        boolean mixed;
    }
}
