package org.katzenpost.thin.cbor;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.cbor.CborSimple;
import org.katzenpost.thin.internal.cbor.CborTagged;
import org.katzenpost.thin.internal.cbor.CborWriter;

/**
 * CBOR (RFC 8949) for applications, on the same encoder and decoder the client uses for the thin protocol.
 * Works on plain Java values:
 * <ul>
 *   <li>encodes {@code null}, {@link Boolean}, {@link Byte}/{@link Short}/{@link Integer}/{@link Long},
 *       {@link BigInteger} (within CBOR's 64-bit range), {@link Float}/{@link Double}, {@link String},
 *       {@code byte[]}, {@link List} and {@link Map} (keys and values of these types), as definite-length items
 *       (map entries in the map's iteration order);</li>
 *   <li>decodes maps into {@link java.util.LinkedHashMap} (wire order; byte-string keys as
 *       {@link org.katzenpost.thin.pki.ByteKey}), arrays into {@link List}, byte strings into {@code byte[]},
 *       text into {@link String}, integers into {@link Long} (or {@link BigInteger} beyond the long range),
 *       floats into {@link Double}, booleans, and null. Tags and other simple values are refused.</li>
 * </ul>
 * Decoding is bounded (nesting depth {@value #MAX_DEPTH}, at most {@value CborReader#MAX_VALUES}
 * values, no duplicate map keys), so untrusted input fails with {@link CborFormatException} rather than
 * exhausting memory. Stateless and thread-safe.
 */
public final class Cbor {
    /** The deepest nesting of arrays and maps {@link #decode} accepts: {@value}. */
    public static final int MAX_DEPTH = CborReader.MAX_DEPTH;

    private Cbor() {}

    /**
     * Encodes one value.
     *
     * @param value a value of the data model above
     * @return its CBOR encoding
     * @throws IllegalArgumentException if the value (or something inside it) has no CBOR encoding here
     */
    public static byte[] encode(Object value) {
        return new CborWriter().value(value).toByteArray();
    }

    /**
     * Decodes a buffer holding exactly one CBOR item.
     *
     * @param item the encoding
     * @return the value, in the data model above
     * @throws CborFormatException if the input is malformed, truncated, has trailing bytes, exceeds the limits,
     *     or holds a tag or an unsupported simple value
     */
    public static Object decode(byte[] item) {
        if (item == null) {
            throw new CborFormatException("no CBOR input (null)");
        }
        Object v;
        try {
            v = CborReader.decode(item);
        } catch (CborException e) {
            throw new CborFormatException(e.getMessage());
        } catch (RuntimeException e) {
            throw new CborFormatException("malformed CBOR: " + e.getClass().getSimpleName());
        }
        refuseExtensions(v, 0);
        return v;
    }

    private static void refuseExtensions(Object v, int depth) {
        if (v instanceof CborTagged t) {
            throw new CborFormatException("CBOR tag " + t.tag() + " is not supported here");
        }
        if (v instanceof CborSimple s) {
            throw new CborFormatException("CBOR simple value " + s.value() + " is not supported here");
        }
        if (v instanceof List<?> l) {
            for (Object o : l) {
                refuseExtensions(o, depth + 1);
            }
        } else if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                refuseExtensions(e.getKey(), depth + 1);
                refuseExtensions(e.getValue(), depth + 1);
            }
        }
    }
}
