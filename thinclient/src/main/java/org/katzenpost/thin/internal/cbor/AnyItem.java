package org.katzenpost.thin.internal.cbor;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.katzenpost.thin.pki.ByteKey;

/**
 * Whole CBOR items of any type, for {@link CborReader}: skipping one, or decoding one into plain Java values (the
 * data model is on {@link CborReader#readValue()}). Both walk nested items under the reader's depth limit;
 * decoding also counts values against {@link CborReader#MAX_VALUES} and checks map keys with {@link MapKeyGuard}.
 */
final class AnyItem {
    private AnyItem() {}

    /** Skips one complete item, with the same bounds as decoding it. */
    static void skip(CborReader r) {
        switch (r.peekType()) {
            case MAP: {
                long n = r.readMapHeader();
                r.enter();
                for (long i = 0; r.hasNext(n, i); i++) {
                    skip(r);
                    skip(r);
                }
                r.leave();
                break;
            }
            case ARRAY: {
                long n = r.readArrayHeader();
                r.enter();
                for (long i = 0; r.hasNext(n, i); i++) {
                    skip(r);
                }
                r.leave();
                break;
            }
            case BYTES:
            case TEXT:
                r.skipString(r.u8());
                break;
            case TAG: {
                r.argument(r.u8());
                r.enter();
                skip(r);
                r.leave();
                break;
            }
            case UNSIGNED:
            case NEGATIVE:
                r.integerArgument(r.u8());
                break;
            case FLOAT:
                r.readFloat();
                break;
            case BREAK:
                throw new CborException("unexpected break at offset " + r.position());
            default:
                r.simpleValue(r.u8());
        }
    }

    /** Decodes one complete item as {@link CborReader#readValue()} describes. */
    static Object read(CborReader r) {
        r.countValue();
        switch (r.peekType()) {
            case UNSIGNED: {
                long v = r.readUint64Bits();
                return v >= 0 ? (Object) v : new BigInteger(Long.toUnsignedString(v));
            }
            case NEGATIVE: {
                long v = r.integerArgument(r.u8());
                if (v >= 0) {
                    return -1 - v;
                }
                return BigInteger.valueOf(-1).subtract(new BigInteger(Long.toUnsignedString(v)));
            }
            case BYTES:
                return r.readBytes();
            case TEXT:
                return r.readText();
            case ARRAY:
                return readArray(r);
            case MAP:
                return readMap(r);
            case TAG: {
                long tag = r.argument(r.u8());
                r.enter();
                Object v = read(r);
                r.leave();
                return new CborTagged(tag, v);
            }
            case FALSE:
            case TRUE:
                return r.readBool();
            case NULL:
            case UNDEFINED:
                r.tryNull();
                return null;
            case FLOAT:
                return r.readFloat();
            case BREAK:
                throw new CborException("unexpected break at offset " + r.position());
            default:
                return new CborSimple(r.simpleValue(r.u8()));
        }
    }

    private static List<Object> readArray(CborReader r) {
        long n = r.readArrayHeader();
        r.enter();
        List<Object> list = new ArrayList<>(n == CborReader.INDEFINITE ? 4 : (int) Math.min(n, 1024));
        for (long i = 0; r.hasNext(n, i); i++) {
            list.add(read(r));
        }
        r.leave();
        return list;
    }

    private static Map<Object, Object> readMap(CborReader r) {
        long n = r.readMapHeader();
        r.enter();
        Map<Object, Object> map = new LinkedHashMap<>();
        MapKeyGuard guard = null;
        for (long i = 0; r.hasNext(n, i); i++) {
            Object k = read(r);
            if (k instanceof byte[]) {
                k = ByteKey.wrapUnsafe((byte[]) k);
            }
            guard = MapKeyGuard.admit(guard, map, k);
            map.put(k, read(r));
        }
        r.leave();
        return map;
    }
}
