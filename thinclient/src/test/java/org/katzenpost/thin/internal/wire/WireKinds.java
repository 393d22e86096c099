package org.katzenpost.thin.internal.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * The message kinds as the sealed hierarchies of {@link Requests.Request} and {@link Responses.Response} declare
 * them, wherever their records live: tests that must cover every kind walk these, so a new kind or area file is
 * covered without being listed here.
 */
public final class WireKinds {
    private WireKinds() {}

    /** Every record below {@code sealedRoot}, {@code Unknown} included, in declaration order. */
    public static List<Class<?>> records(Class<?> sealedRoot) {
        List<Class<?>> out = new ArrayList<>();
        collect(sealedRoot, out);
        return out;
    }

    /** Every request record except {@link Requests.Unknown}. */
    public static List<Class<?>> requestKinds() {
        return records(Requests.Request.class).stream().filter(c -> c != Requests.Unknown.class).toList();
    }

    /** Every response record except {@link Responses.Unknown}. */
    public static List<Class<?>> responseKinds() {
        return records(Responses.Response.class).stream().filter(c -> c != Responses.Unknown.class).toList();
    }

    /** The wire key a record declares in its {@code KEY} constant. */
    public static String key(Class<?> record) {
        try {
            return (String) record.getField("KEY").get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(record.getName() + " declares no public static KEY", e);
        }
    }

    private static void collect(Class<?> c, List<Class<?>> out) {
        if (c.isRecord()) {
            if (!out.contains(c)) {
                out.add(c);
            }
            return;
        }
        Class<?>[] permitted = c.getPermittedSubclasses();
        if (permitted == null) {
            throw new AssertionError(c.getName() + " is neither a record nor sealed: the wire model must be closed");
        }
        for (Class<?> p : permitted) {
            collect(p, out);
        }
    }
}
