package org.katzenpost.thin.internal.config;

import static org.katzenpost.thin.internal.config.TomlScalars.allDigits;
import static org.katzenpost.thin.internal.config.TomlScalars.isDateTime;
import static org.katzenpost.thin.internal.config.TomlScalars.isDigit;
import static org.katzenpost.thin.internal.config.TomlScalars.isLocalDate;
import static org.katzenpost.thin.internal.config.TomlScalars.isTokenChar;
import static org.katzenpost.thin.internal.config.TomlScalars.number;
import static org.katzenpost.thin.internal.config.TomlTables.freeze;
import static org.katzenpost.thin.internal.config.TomlTables.path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.katzenpost.thin.internal.config.TomlScalars.NumberRangeException;
import org.katzenpost.thin.internal.config.TomlTables.Origin;
import org.katzenpost.thin.internal.config.TomlTables.Table;
import org.katzenpost.thin.internal.config.TomlTables.TableArray;

/**
 * A small, strict reader for TOML 1.0 documents, enough for {@code thinclient.toml} and any hand-written variant
 * of it (docs/performance.md, "Footprint": it replaces Jackson's TOML module).
 *
 * <p>It understands comments, {@code [tables]}, {@code [[arrays of tables]]}, bare, quoted and dotted keys,
 * basic and literal strings (single- and multi-line, with TOML 1.0 escapes), integers (decimal, hex, octal,
 * binary, with underscores), floats (including {@code inf} and {@code nan}), booleans, date-times, arrays and
 * inline tables, with TOML's rules against defining a key or table twice. Anything else is a
 * {@link TomlSyntaxException} with the line and column. Messages describe what is wrong, never the text of a
 * value (a value could be a secret); they may name keys.
 *
 * <p>The result is a tree of plain Java objects: a table is a {@code Map<String, Object>} in document order, an
 * array a {@code List<Object>}, a string a {@code String}, an integer a {@code Long}, a float a {@code Double},
 * a boolean a {@code Boolean}, and a date or time a {@link DateTime}.
 *
 * <p>This class holds the grammar (document, headers, keys, values, arrays, inline tables); {@link TomlLexer} the
 * text, blanks, strings and located errors; {@link TomlScalars} numbers, dates and times; {@link TomlTables} the
 * table model behind TOML's "defined once" rules.
 */
public final class TomlReader extends TomlLexer {
    /** Nesting deeper than this (arrays, inline tables) is rejected rather than risking the stack. */
    static final int MAX_DEPTH = 64;

    /** A TOML date, time or date-time value, kept as its validated text. */
    public record DateTime(String text) {}

    /** A document is not TOML this reader understands; {@code line} and {@code column} count from 1. */
    public static final class TomlSyntaxException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int line;
        private final int column;

        TomlSyntaxException(String reason, int line, int column) {
            super(reason);
            this.line = line;
            this.column = column;
        }

        /**
         * The line of the error.
         *
         * @return the 1-based line number
         */
        public int line() {
            return line;
        }

        /**
         * The column of the error.
         *
         * @return the 1-based column, in UTF-16 units
         */
        public int column() {
            return column;
        }
    }

    /** The key path of the current [table] or [[array]] header, for messages ("" at the top). */
    private List<String> section = List.of();

    private TomlReader(String s) {
        super(s);
    }

    /**
     * Parses a TOML document.
     *
     * @param toml the document text
     * @return the root table, keys in document order
     * @throws TomlSyntaxException if the document is not valid TOML or uses something this reader rejects
     * @throws NullPointerException if {@code toml} is null
     */
    public static Map<String, Object> parse(String toml) {
        return new TomlReader(toml).document();
    }

    private Map<String, Object> document() {
        Table root = new Table(Origin.HEADER);
        Table current = root;
        if (n > 0 && s.charAt(0) == '\uFEFF') {
            pos = 1;
        }
        while (true) {
            skipSpaces();
            if (pos >= n) {
                return root;
            }
            char c = s.charAt(pos);
            if (c == '#' || c == '\n' || c == '\r') {
                endOfLine();
                continue;
            }
            if (c == '[') {
                if (pos + 1 < n && s.charAt(pos + 1) == '[') {
                    current = arrayHeader(root);
                } else {
                    current = tableHeader(root);
                }
            } else {
                keyValue(current);
            }
            skipSpaces();
            endOfLine();
        }
    }

    /** Expects an optional comment, then a newline or the end of the document. */
    private void endOfLine() {
        if (pos < n && s.charAt(pos) == '#') {
            comment();
        }
        if (pos >= n) {
            return;
        }
        if (!newline()) {
            throw error("expected the end of the line");
        }
    }

    private Table tableHeader(Table root) {
        int start = pos;
        pos++; // [
        skipSpaces();
        List<String> keys = key();
        skipSpaces();
        expect(']', "expected ] to close the table header");
        Table t = walk(root, keys, start);
        section = keys;
        String last = keys.get(keys.size() - 1);
        Object o = t.get(last);
        if (o == null) {
            Table created = new Table(Origin.HEADER);
            t.put(last, created);
            return created;
        }
        if (o instanceof Table existing && existing.origin == Origin.IMPLICIT && !existing.frozen) {
            existing.origin = Origin.HEADER;
            return existing;
        }
        throw errorAt(start, (o instanceof Table ? "table " : "key ") + path(keys) + " is already defined");
    }

    private Table arrayHeader(Table root) {
        int start = pos;
        pos += 2; // [[
        skipSpaces();
        List<String> keys = key();
        skipSpaces();
        if (!s.startsWith("]]", pos)) {
            throw error("expected ]] to close the array-of-tables header");
        }
        pos += 2;
        Table t = walk(root, keys, start);
        section = keys;
        String last = keys.get(keys.size() - 1);
        Object o = t.get(last);
        TableArray array;
        if (o == null) {
            array = new TableArray();
            t.put(last, array);
        } else if (o instanceof TableArray ta) {
            array = ta;
        } else {
            throw errorAt(start, "key " + path(keys) + " is already defined and is not an array of tables");
        }
        Table element = new Table(Origin.HEADER);
        array.add(element);
        return element;
    }

    /** Follows a header's key to the table that will hold its last part, creating implicit tables. */
    private Table walk(Table root, List<String> keys, int start) {
        Table t = root;
        for (int i = 0; i < keys.size() - 1; i++) {
            String k = keys.get(i);
            Object o = t.get(k);
            if (o == null) {
                Table created = new Table(Origin.IMPLICIT);
                t.put(k, created);
                t = created;
            } else if (o instanceof Table sub && !sub.frozen) {
                t = sub;
            } else if (o instanceof TableArray ta) {
                t = (Table) ta.get(ta.size() - 1);
            } else {
                throw errorAt(start, "key " + path(keys.subList(0, i + 1)) + " is already defined"
                        + (o instanceof Table ? " as an inline table" : " and is not a table"));
            }
        }
        return t;
    }

    private void keyValue(Table table) {
        keyValueAtDepth(table, 0, section);
    }

    private List<String> key() {
        List<String> parts = new ArrayList<>(3);
        parts.add(simpleKey());
        while (true) {
            int save = pos;
            skipSpaces();
            if (pos < n && s.charAt(pos) == '.') {
                pos++;
                skipSpaces();
                parts.add(simpleKey());
            } else {
                pos = save;
                return parts;
            }
        }
    }

    private String simpleKey() {
        if (pos >= n) {
            throw error("expected a key");
        }
        char c = s.charAt(pos);
        if (c == '"') {
            if (s.startsWith("\"\"\"", pos)) {
                throw error("a multi-line string cannot be a key");
            }
            return basicString();
        }
        if (c == '\'') {
            if (s.startsWith("'''", pos)) {
                throw error("a multi-line string cannot be a key");
            }
            return literalString();
        }
        int start = pos;
        while (pos < n && isBareKeyChar(s.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw error("expected a key");
        }
        return s.substring(start, pos);
    }

    private Object value(int depth) {
        if (pos >= n) {
            throw error("expected a value");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '"':
                return s.startsWith("\"\"\"", pos) ? multiLineString('"') : basicString();
            case '\'':
                return s.startsWith("'''", pos) ? multiLineString('\'') : literalString();
            case '[':
                return array(depth + 1);
            case '{':
                return inlineTable(depth + 1);
            case 't':
                return keyword("true", Boolean.TRUE);
            case 'f':
                return keyword("false", Boolean.FALSE);
            default:
                if (c == '+' || c == '-' || c == 'i' || c == 'n' || (c >= '0' && c <= '9')) {
                    return numberOrDate();
                }
                throw error("expected a value");
        }
    }

    private Object keyword(String word, Object value) {
        if (!s.startsWith(word, pos) || (pos + word.length() < n && isTokenChar(s.charAt(pos + word.length())))) {
            throw error("expected a value");
        }
        pos += word.length();
        return value;
    }

    private List<Object> array(int depth) {
        checkDepth(depth);
        pos++; // [
        List<Object> out = new ArrayList<>();
        while (true) {
            skipBlank();
            if (pos < n && s.charAt(pos) == ']') {
                pos++;
                return out;
            }
            out.add(value(depth));
            skipBlank();
            if (pos >= n) {
                throw error("unterminated array");
            }
            char c = s.charAt(pos);
            if (c == ',') {
                pos++;
            } else if (c == ']') {
                pos++;
                return out;
            } else {
                throw error("expected , or ] in the array");
            }
        }
    }

    private Table inlineTable(int depth) {
        checkDepth(depth);
        pos++; // {
        Table t = new Table(Origin.HEADER);
        skipSpaces();
        if (pos < n && s.charAt(pos) == '}') {
            pos++;
            t.frozen = true;
            return t;
        }
        while (true) {
            skipSpaces();
            if (pos < n && s.charAt(pos) == '}') {
                throw error("a trailing comma is not allowed in an inline table");
            }
            keyValueAtDepth(t, depth, List.of());
            skipSpaces();
            if (pos >= n) {
                throw error("unterminated inline table");
            }
            char c = s.charAt(pos);
            if (c == ',') {
                pos++;
            } else if (c == '}') {
                pos++;
                freeze(t);
                return t;
            } else {
                throw error(c == '\n' || c == '\r'
                        ? "an inline table must be on one line"
                        : "expected , or } in the inline table");
            }
        }
    }

    /** A key/value pair; {@code prefix} is the key path of {@code table}, for messages. */
    private void keyValueAtDepth(Table table, int depth, List<String> prefix) {
        int start = pos;
        List<String> keys = key();
        skipSpaces();
        expect('=', "expected = after the key");
        skipSpaces();
        Object value = value(depth);
        Table t = table;
        for (int i = 0; i < keys.size() - 1; i++) {
            String k = keys.get(i);
            Object o = t.get(k);
            if (o == null) {
                Table created = new Table(Origin.DOTTED);
                t.put(k, created);
                t = created;
            } else if (o instanceof Table sub && sub.origin == Origin.DOTTED && !sub.frozen) {
                t = sub;
            } else {
                throw errorAt(start, "key " + path(concat(prefix, keys.subList(0, i + 1)))
                        + " is already defined; a dotted key cannot add to it");
            }
        }
        String last = keys.get(keys.size() - 1);
        if (t.containsKey(last)) {
            throw errorAt(start, "duplicate key " + path(concat(prefix, keys)));
        }
        t.put(last, value);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        if (a.isEmpty()) {
            return b;
        }
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("arrays and inline tables nested deeper than " + MAX_DEPTH);
        }
    }

    private Object numberOrDate() {
        int start = pos;
        while (pos < n && isTokenChar(s.charAt(pos))) {
            pos++;
        }
        String token = s.substring(start, pos);
        // a date and a time may be separated by one space
        if (isLocalDate(token) && pos + 3 < n && s.charAt(pos) == ' ' && isDigit(s.charAt(pos + 1))
                && isDigit(s.charAt(pos + 2)) && s.charAt(pos + 3) == ':') {
            pos++;
            int t = pos;
            while (pos < n && isTokenChar(s.charAt(pos))) {
                pos++;
            }
            token = token + "T" + s.substring(t, pos);
        }
        if ((token.length() >= 3 && allDigits(token, 0, 2) && token.charAt(2) == ':')
                || (token.length() >= 10 && isLocalDate(token.substring(0, 10)))) {
            return dateTime(token, start);
        }
        Object number;
        try {
            number = number(token);
        } catch (NumberRangeException e) {
            throw errorAt(start, "number out of range (integers are 64-bit, floats 64-bit IEEE 754)");
        }
        if (number == null) {
            throw errorAt(start, "invalid number or date");
        }
        return number;
    }

    private DateTime dateTime(String token, int start) {
        if (!isDateTime(token)) {
            throw errorAt(start, "invalid date or time");
        }
        return new DateTime(token);
    }
}
