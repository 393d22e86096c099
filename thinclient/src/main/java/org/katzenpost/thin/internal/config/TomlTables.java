package org.katzenpost.thin.internal.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The table model of {@link TomlReader}: what a table remembers of how it was made, which decides what TOML still
 * lets a document add to it (no key or table defined twice), and how a key path is named in messages.
 */
final class TomlTables {
    private TomlTables() {}

    /** How a table came to exist: implied by a longer header, named by a header, or made by a dotted key. */
    enum Origin { IMPLICIT, HEADER, DOTTED }

    /** A table and how it came to exist, which decides what may still be added to it. */
    static final class Table extends LinkedHashMap<String, Object> {
        private static final long serialVersionUID = 1L;
        Origin origin;
        /** An inline table, or a table inside one: closed for good. */
        boolean frozen;

        Table(Origin origin) {
            this.origin = origin;
        }
    }

    /** An array created by {@code [[header]]}s: the only kind of array a header may append to. */
    static final class TableArray extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;
    }

    /** Closes an inline table and every table inside it: nothing may be added to them later. */
    static void freeze(Table t) {
        t.frozen = true;
        for (Object v : t.values()) {
            if (v instanceof Table sub && !sub.frozen) {
                freeze(sub);
            }
        }
    }

    /** A key path as TOML would write it, quoting the parts that are not bare keys. */
    static String path(List<String> keys) {
        StringBuilder b = new StringBuilder();
        for (String k : keys) {
            if (b.length() > 0) {
                b.append('.');
            }
            boolean bare = !k.isEmpty() && k.chars().allMatch(c -> TomlLexer.isBareKeyChar((char) c));
            if (bare) {
                b.append(k);
            } else {
                b.append('"');
                k.codePoints().forEach(cp -> {
                    if (cp == '"' || cp == '\\') {
                        b.append('\\').appendCodePoint(cp);
                    } else if (cp < 0x20 || cp == 0x7f) {
                        b.append(String.format("\\u%04X", cp));
                    } else {
                        b.appendCodePoint(cp);
                    }
                });
                b.append('"');
            }
        }
        return b.toString();
    }
}
