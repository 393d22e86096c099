package org.katzenpost.groups;

import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.katzenpost.thin.cbor.Cbor;
import org.katzenpost.thin.cbor.CborFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link EventCodec}: Java records as CBOR maps (component name to value), on the client's own CBOR
 * encoder ({@link Cbor}).
 *
 * <p>The event type may be a record, an enum, or a sealed interface (or sealed abstract class) whose permitted
 * subtypes are records, enums or further sealed types. A member of a sealed hierarchy is written as its map
 * plus an {@code "@type"} entry naming it ({@link EventType}, or the simple class name). Component types:
 * {@code String}, {@code byte[]}, {@code boolean}, {@code byte}/{@code short}/{@code int}/{@code long} and their
 * boxes, {@code float}/{@code double} and boxes, {@link BigInteger}, {@link Instant} (ISO-8601 text),
 * {@link UUID} (text), enums (by name), records and sealed types (nested), {@code List<T>}, {@code Set<T>} and
 * {@code Map<String, T>} of any of these. Reference components may be null.
 *
 * <p>Decoding is lenient where versions differ: unknown map entries are ignored, a missing component is null
 * (zero or false for primitives). It is strict about everything else: a wrong type or an unknown
 * {@code "@type"} is an {@link EventFormatException}. Thread-safe.
 *
 * @param <E> the event type
 */
public final class CborEventCodec<E> implements EventCodec<E> {
    /** The map key that names the member of a sealed hierarchy: {@value}. */
    public static final String TYPE_KEY = "@type";

    private static final Logger log = LoggerFactory.getLogger(CborEventCodec.class);

    private final Class<E> type;
    private final Map<Class<?>, Map<String, Class<?>>> hierarchies = new ConcurrentHashMap<>();

    private CborEventCodec(Class<E> type) {
        this.type = type;
        check(type, new LinkedHashSet<>());
    }

    /**
     * A codec for {@code type}.
     *
     * @param <E> the event type
     * @param type a record, an enum or a sealed type of records
     * @return the codec
     * @throws IllegalArgumentException if {@code type} (or a type inside it) is not supported, or two members of
     *     a sealed hierarchy share a name
     */
    public static <E> CborEventCodec<E> of(Class<E> type) {
        return new CborEventCodec<>(Objects.requireNonNull(type, "type"));
    }

    @Override
    public byte[] encode(E event) {
        Objects.requireNonNull(event, "event");
        return Cbor.encode(toValue(event, type, 0));
    }

    @Override
    public E decode(byte[] bytes) {
        Object v;
        try {
            v = Cbor.decode(bytes);
        } catch (CborFormatException e) {
            throw new EventFormatException("not a CBOR event: " + e.getMessage(), e);
        }
        return type.cast(fromValue(v, type, type.getSimpleName()));
    }

    // ------------------------------------------------------------------ checking the type once

    private void check(Type t, Set<Type> seen) {
        if (!seen.add(t)) {
            return;
        }
        Class<?> c = raw(t);
        if (isScalar(c) || c.isEnum()) {
            return;
        }
        if (c == List.class || c == Set.class) {
            check(argument(t, 0), seen);
            return;
        }
        if (c == Map.class) {
            if (raw(argument(t, 0)) != String.class) {
                throw new IllegalArgumentException("map keys must be String: " + t.getTypeName());
            }
            check(argument(t, 1), seen);
            return;
        }
        if (c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) {
                check(rc.getGenericType(), seen);
            }
            return;
        }
        if (c.isSealed()) {
            for (Map.Entry<String, Class<?>> e : members(c).entrySet()) {
                check(e.getValue(), seen);
            }
            return;
        }
        throw new IllegalArgumentException("cannot encode " + t.getTypeName() + " (use records, enums, sealed types,"
                + " lists, sets, String-keyed maps and scalar types)");
    }

    private Map<String, Class<?>> members(Class<?> sealed) {
        return hierarchies.computeIfAbsent(sealed, s -> {
            Map<String, Class<?>> out = new LinkedHashMap<>();
            collect(s, out);
            return out;
        });
    }

    private static void collect(Class<?> sealed, Map<String, Class<?>> out) {
        for (Class<?> p : sealed.getPermittedSubclasses()) {
            if (p.isSealed() && !p.isRecord() && !p.isEnum()) {
                collect(p, out);
                continue;
            }
            if (!p.isRecord() && !p.isEnum()) {
                throw new IllegalArgumentException(p.getName() + " in sealed " + sealed.getName()
                        + " must be a record, an enum or sealed");
            }
            EventType named = p.getAnnotation(EventType.class);
            String name = named != null ? named.value() : p.getSimpleName();
            Class<?> prev = out.put(name, p);
            if (prev != null && prev != p) {
                throw new IllegalArgumentException("two event types named \"" + name + "\": " + prev.getName()
                        + " and " + p.getName());
            }
        }
    }

    private static boolean isScalar(Class<?> c) {
        return c == String.class || c == byte[].class || c == boolean.class || c == Boolean.class
                || c == byte.class || c == Byte.class || c == short.class || c == Short.class || c == int.class
                || c == Integer.class || c == long.class || c == Long.class || c == float.class || c == Float.class
                || c == double.class || c == Double.class || c == BigInteger.class || c == Instant.class
                || c == UUID.class;
    }

    private static Class<?> raw(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (t instanceof GenericArrayType) {
            throw new IllegalArgumentException("generic arrays are not supported: " + t.getTypeName());
        }
        throw new IllegalArgumentException("type variables and wildcards are not supported: " + t.getTypeName());
    }

    private static Type argument(Type t, int i) {
        if (!(t instanceof ParameterizedType p)) {
            throw new IllegalArgumentException("raw collection type, say what it holds: " + t.getTypeName());
        }
        return p.getActualTypeArguments()[i];
    }

    // ------------------------------------------------------------------ encoding

    /** {@code v} as a CBOR value; {@code depth} is the number of arrays and maps around it. */
    private Object toValue(Object v, Type declared, int depth) {
        if (v == null) {
            return null;
        }
        Class<?> c = raw(declared);
        if (c == Instant.class || c == UUID.class) {
            return v.toString();
        }
        if (isScalar(c)) {
            return v instanceof Float f ? (Object) f.doubleValue() : v;
        }
        if (c.isEnum()) {
            return ((Enum<?>) v).name();
        }
        if (c == List.class || c == Set.class) {
            checkDepth(depth);
            List<Object> out = new ArrayList<>();
            for (Object o : (Iterable<?>) v) {
                out.add(toValue(o, argument(declared, 0), depth + 1));
            }
            return out;
        }
        if (c == Map.class) {
            checkDepth(depth);
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                out.put((String) Objects.requireNonNull(e.getKey(), "map key"), toValue(e.getValue(),
                        argument(declared, 1), depth + 1));
            }
            return out;
        }
        if (c.isSealed() && !c.isRecord()) {
            checkDepth(depth);
            Class<?> actual = v.getClass().isAnonymousClass() ? v.getClass().getSuperclass() : v.getClass();
            if (actual.isEnum()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put(TYPE_KEY, nameOf(c, actual));
                m.put("value", ((Enum<?>) v).name());
                return m;
            }
            Map<String, Object> m = recordToMap(v, actual, depth);
            Map<String, Object> withType = new LinkedHashMap<>();
            withType.put(TYPE_KEY, nameOf(c, actual));
            withType.putAll(m);
            return withType;
        }
        return recordToMap(v, c, depth);
    }

    private String nameOf(Class<?> sealed, Class<?> actual) {
        for (Map.Entry<String, Class<?>> e : members(sealed).entrySet()) {
            if (e.getValue() == actual) {
                return e.getKey();
            }
        }
        throw new IllegalArgumentException(actual.getName() + " is not a member of " + sealed.getName());
    }

    /**
     * Refuses a list, map or record at {@code depth} when a receiver could not decode it ({@link Cbor#MAX_DEPTH}),
     * here, before the recursion could exhaust the stack.
     */
    private static void checkDepth(int depth) {
        if (depth >= Cbor.MAX_DEPTH) {
            throw new IllegalArgumentException("the event nests deeper than " + Cbor.MAX_DEPTH
                    + " lists, maps and records, which no receiver decodes");
        }
    }

    private Map<String, Object> recordToMap(Object v, Class<?> c, int depth) {
        checkDepth(depth);
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent rc : c.getRecordComponents()) {
            Object field;
            try {
                Method accessor = rc.getAccessor();
                if (!accessor.canAccess(v)) {
                    accessor.setAccessible(true);
                }
                field = accessor.invoke(v);
            } catch (ReflectiveOperationException | InaccessibleObjectException e) {
                // on the module path the record's package must be exported (or opened) to org.katzenpost.groups
                throw new IllegalArgumentException("cannot read " + c.getSimpleName() + "." + rc.getName()
                        + " (is the record public, and its package exported to org.katzenpost.groups?)", e);
            }
            m.put(rc.getName(), toValue(field, rc.getGenericType(), depth + 1));
        }
        return m;
    }

    // ------------------------------------------------------------------ decoding

    private Object fromValue(Object v, Type declared, String where) {
        Class<?> c = raw(declared);
        if (v == null) {
            if (c.isPrimitive()) {
                throw new EventFormatException(where + ": null for a " + c.getName());
            }
            return null;
        }
        try {
            if (c == String.class) {
                return (String) v;
            }
            if (c == byte[].class) {
                return (byte[]) v;
            }
            if (c == boolean.class || c == Boolean.class) {
                return (Boolean) v;
            }
            if (c == long.class || c == Long.class) {
                return (Long) v;
            }
            if (c == int.class || c == Integer.class) {
                return Math.toIntExact((Long) v);
            }
            if (c == short.class || c == Short.class) {
                long l = (Long) v;
                if (l != (short) l) {
                    throw new ArithmeticException("out of range");
                }
                return (short) l;
            }
            if (c == byte.class || c == Byte.class) {
                long l = (Long) v;
                if (l != (byte) l) {
                    throw new ArithmeticException("out of range");
                }
                return (byte) l;
            }
            if (c == double.class || c == Double.class) {
                return v instanceof Long l ? (double) l : (Double) v;
            }
            if (c == float.class || c == Float.class) {
                return (float) (v instanceof Long l ? (double) l : (Double) v);
            }
            if (c == BigInteger.class) {
                return v instanceof Long l ? BigInteger.valueOf(l) : (BigInteger) v;
            }
            if (c == Instant.class) {
                return Instant.parse((String) v);
            }
            if (c == UUID.class) {
                return UUID.fromString((String) v);
            }
        } catch (ClassCastException | ArithmeticException | DateTimeParseException e) {
            throw new EventFormatException(where + ": not a " + c.getSimpleName());
        } catch (IllegalArgumentException e) {
            throw new EventFormatException(where + ": not a " + c.getSimpleName());
        }
        if (c.isEnum()) {
            return enumValue(c, v, where);
        }
        if (c == List.class || c == Set.class) {
            if (!(v instanceof List<?> l)) {
                throw new EventFormatException(where + ": not a list");
            }
            List<Object> out = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) {
                out.add(fromValue(l.get(i), argument(declared, 0), where + "[" + i + "]"));
            }
            return c == Set.class ? Collections.unmodifiableSet(new LinkedHashSet<>(out))
                    : Collections.unmodifiableList(out);
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new EventFormatException(where + ": not a map");
        }
        if (c == Map.class) {
            Map<String, Object> out = new LinkedHashMap<>();
            int entry = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    throw new EventFormatException(where + ": a map key is not text");
                }
                // the entry's position, not its key: a map's keys are the sender's data, kept out of messages
                out.put(k, fromValue(e.getValue(), argument(declared, 1), where + "[entry " + entry + "]"));
                entry++;
            }
            return Collections.unmodifiableMap(out);
        }
        if (c.isSealed() && !c.isRecord()) {
            Object name = m.get(TYPE_KEY);
            if (!(name instanceof String n)) {
                throw new EventFormatException(where + ": no \"" + TYPE_KEY + "\" naming the event type");
            }
            Class<?> member = members(c).get(n);
            if (member == null) {
                // the name is the sender's data: its length here, the name itself only at DEBUG
                log.debug("{}: unknown event type \"{}\"", where, n);
                throw new EventFormatException(where + ": unknown event type (a name of " + n.length()
                        + " characters that no permitted subtype of " + c.getSimpleName() + " has)");
            }
            if (member.isEnum()) {
                return enumValue(member, m.get("value"), where + "." + n);
            }
            return mapToRecord(m, member, where + "(" + n + ")");
        }
        return mapToRecord(m, c, where);
    }

    private static Object enumValue(Class<?> c, Object v, String where) {
        if (v instanceof String s) {
            for (Object constant : c.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(s)) {
                    return constant;
                }
            }
        }
        throw new EventFormatException(where + ": not a " + c.getSimpleName() + " constant");
    }

    private Object mapToRecord(Map<?, ?> m, Class<?> c, String where) {
        RecordComponent[] rcs = c.getRecordComponents();
        Object[] args = new Object[rcs.length];
        Class<?>[] types = new Class<?>[rcs.length];
        for (int i = 0; i < rcs.length; i++) {
            types[i] = rcs[i].getType();
            Object raw = m.get(rcs[i].getName());
            if (raw == null && types[i].isPrimitive()) {
                args[i] = defaultOf(types[i]);
            } else {
                args[i] = fromValue(raw, rcs[i].getGenericType(), where + "." + rcs[i].getName());
            }
        }
        try {
            Constructor<?> k = c.getDeclaredConstructor(types);
            k.setAccessible(true);
            return k.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new EventFormatException(where + ": rejected by " + c.getSimpleName() + "'s constructor ("
                    + e.getCause().getClass().getSimpleName() + ")", e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new EventFormatException(where + ": cannot make a " + c.getSimpleName()
                    + " (is it public, and its package exported to org.katzenpost.groups?)", e);
        }
    }

    private static Object defaultOf(Class<?> p) {
        if (p == boolean.class) {
            return false;
        }
        if (p == long.class) {
            return 0L;
        }
        if (p == int.class) {
            return 0;
        }
        if (p == short.class) {
            return (short) 0;
        }
        if (p == byte.class) {
            return (byte) 0;
        }
        if (p == double.class) {
            return 0d;
        }
        return 0f;
    }

    @Override
    public String toString() {
        return "CborEventCodec[" + type.getName() + "]";
    }
}
