package org.katzenpost.thin.internal.config;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 */
public final class TomlReader {
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

    private enum Origin { IMPLICIT, HEADER, DOTTED }

    /** A table and how it came to exist, which decides what may still be added to it. */
    private static final class Table extends LinkedHashMap<String, Object> {
        private static final long serialVersionUID = 1L;
        Origin origin;
        /** An inline table, or a table inside one: closed for good. */
        boolean frozen;

        Table(Origin origin) {
            this.origin = origin;
        }
    }

    /** An array created by {@code [[header]]}s: the only kind of array a header may append to. */
    private static final class TableArray extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;
    }

    private final String s;
    private final int n;
    private int pos;
    /** The key path of the current [table] or [[array]] header, for messages ("" at the top). */
    private List<String> section = List.of();

    private TomlReader(String s) {
        this.s = s;
        this.n = s.length();
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

    // ------------------------------------------------------------------------------------------ document

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

    // ------------------------------------------------------------------------------------------ keys

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

    private static boolean isBareKeyChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    // ------------------------------------------------------------------------------------------ values

    private Object value(int depth) {
        if (pos >= n) {
            throw error("expected a value");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '"':
                return s.startsWith("\"\"\"", pos) ? multiLineBasicString() : basicString();
            case '\'':
                return s.startsWith("'''", pos) ? multiLineLiteralString() : literalString();
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

    private static void freeze(Table t) {
        t.frozen = true;
        for (Object v : t.values()) {
            if (v instanceof Table sub && !sub.frozen) {
                freeze(sub);
            }
        }
    }

    private void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("arrays and inline tables nested deeper than " + MAX_DEPTH);
        }
    }

    // ------------------------------------------------------------------------------------------ strings

    private String basicString() {
        pos++; // "
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= n) {
                throw error("unterminated string");
            }
            char c = s.charAt(pos);
            if (c == '"') {
                pos++;
                return b.toString();
            }
            if (c == '\\') {
                escape(b);
            } else if (c == '\n' || c == '\r') {
                throw error("unterminated string (a basic string cannot span lines)");
            } else {
                checkChar(c);
                b.append(c);
                pos++;
            }
        }
    }

    private String multiLineBasicString() {
        pos += 3;
        skipOneNewline();
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= n) {
                throw error("unterminated multi-line string");
            }
            char c = s.charAt(pos);
            if (c == '"') {
                int q = countQuotes('"');
                if (q >= 3) {
                    if (q > 5) {
                        throw error("too many quotes at the end of a multi-line string");
                    }
                    b.append("\"\"", 0, q - 3);
                    pos += q;
                    return b.toString();
                }
                b.append("\"\"", 0, q);
                pos += q;
            } else if (c == '\\') {
                if (lineEndingBackslash()) {
                    continue;
                }
                escape(b);
            } else if (c == '\n' || c == '\r') {
                newlineInString(b);
            } else {
                checkChar(c);
                b.append(c);
                pos++;
            }
        }
    }

    private String literalString() {
        pos++; // '
        int start = pos;
        while (true) {
            if (pos >= n) {
                throw error("unterminated string");
            }
            char c = s.charAt(pos);
            if (c == '\'') {
                String v = s.substring(start, pos);
                pos++;
                return v;
            }
            if (c == '\n' || c == '\r') {
                throw error("unterminated string (a literal string cannot span lines)");
            }
            checkChar(c);
            pos++;
        }
    }

    private String multiLineLiteralString() {
        pos += 3;
        skipOneNewline();
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= n) {
                throw error("unterminated multi-line string");
            }
            char c = s.charAt(pos);
            if (c == '\'') {
                int q = countQuotes('\'');
                if (q >= 3) {
                    if (q > 5) {
                        throw error("too many quotes at the end of a multi-line string");
                    }
                    b.append("''", 0, q - 3);
                    pos += q;
                    return b.toString();
                }
                b.append("''", 0, q);
                pos += q;
            } else if (c == '\n' || c == '\r') {
                newlineInString(b);
            } else {
                checkChar(c);
                b.append(c);
                pos++;
            }
        }
    }

    private int countQuotes(char quote) {
        int q = 0;
        while (pos + q < n && s.charAt(pos + q) == quote) {
            q++;
        }
        return q;
    }

    private void skipOneNewline() {
        if (s.startsWith("\n", pos)) {
            pos++;
        } else if (s.startsWith("\r\n", pos)) {
            pos += 2;
        }
    }

    /** A newline inside a multi-line string, kept as written ({@code \n} or {@code \r\n}, as Jackson did). */
    private void newlineInString(StringBuilder b) {
        int start = pos;
        if (!newline()) {
            throw error("a carriage return must be followed by a line feed");
        }
        b.append(s, start, pos);
    }

    /** A backslash ending a line in a multi-line basic string: it and all whitespace up to the next text go. */
    private boolean lineEndingBackslash() {
        int p = pos + 1;
        while (p < n && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) {
            p++;
        }
        if (p < n && (s.charAt(p) == '\n' || (s.charAt(p) == '\r' && p + 1 < n && s.charAt(p + 1) == '\n'))) {
            pos = p;
            while (pos < n) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n') {
                    pos++;
                } else if (c == '\r' && pos + 1 < n && s.charAt(pos + 1) == '\n') {
                    pos += 2;
                } else {
                    break;
                }
            }
            return true;
        }
        return false;
    }

    private void escape(StringBuilder b) {
        int start = pos;
        pos++; // backslash
        if (pos >= n) {
            throw error("unterminated string");
        }
        char e = s.charAt(pos++);
        switch (e) {
            case 'b' -> b.append('\b');
            case 't' -> b.append('\t');
            case 'n' -> b.append('\n');
            case 'f' -> b.append('\f');
            case 'r' -> b.append('\r');
            case '"' -> b.append('"');
            case '\\' -> b.append('\\');
            case 'u' -> b.appendCodePoint(unicode(start, 4));
            case 'U' -> b.appendCodePoint(unicode(start, 8));
            default -> throw errorAt(start, "invalid escape sequence in a string");
        }
    }

    private int unicode(int start, int digits) {
        if (pos + digits > n) {
            throw errorAt(start, "invalid unicode escape in a string");
        }
        int cp = 0;
        for (int i = 0; i < digits; i++) {
            int d = Character.digit(s.charAt(pos + i), 16);
            if (d < 0 || s.charAt(pos + i) > 'f') {
                throw errorAt(start, "invalid unicode escape in a string");
            }
            cp = (cp << 4) | d;
        }
        if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            throw errorAt(start, "unicode escape in a string is not a Unicode scalar value");
        }
        pos += digits;
        return cp;
    }

    /** Control characters other than tab must be escaped in strings and are not allowed in comments. */
    private void checkChar(char c) {
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
            throw error("control characters other than tab are not allowed here (in strings, escape them)");
        }
    }

    // ------------------------------------------------------------------------------------------ numbers, dates

    private static boolean isTokenChar(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                || c == '_' || c == '+' || c == '-' || c == '.' || c == ':';
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

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLocalDate(String t) {
        return t.length() == 10 && t.charAt(4) == '-' && t.charAt(7) == '-' && allDigits(t, 0, 4)
                && allDigits(t, 5, 7) && allDigits(t, 8, 10);
    }

    private static boolean allDigits(String t, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(t.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private DateTime dateTime(String token, int start) {
        String t = token;
        // TOML's forms are RFC 3339's, with the time's seconds required and the date or the offset optional
        boolean ok;
        try {
            if (isLocalDate(t)) {
                LocalDate.parse(t);
                ok = true;
            } else if (t.charAt(2) == ':') {
                ok = timeShape(t, 0) == t.length();
                if (ok) {
                    LocalTime.parse(t);
                }
            } else if (t.length() > 11 && isLocalDate(t.substring(0, 10)) && t.charAt(10) == 'T') {
                // lower-case t and z are RFC 3339, but Jackson, which read this file before, refused them
                int end = timeShape(t, 11);
                ok = end > 0;
                if (ok) {
                    String normal = t.substring(0, 10) + 'T' + t.substring(11);
                    if (end == t.length()) {
                        LocalDateTime.parse(normal);
                    } else {
                        String offset = t.substring(end);
                        ok = offset.equals("Z") || (offset.length() == 6
                                && (offset.charAt(0) == '+' || offset.charAt(0) == '-')
                                && allDigits(offset, 1, 3) && offset.charAt(3) == ':' && allDigits(offset, 4, 6)
                                && Integer.parseInt(offset.substring(1, 3)) <= 23
                                && Integer.parseInt(offset.substring(4, 6)) <= 59);
                        if (ok) {
                            OffsetDateTime.parse(normal);
                        }
                    }
                }
            } else {
                ok = false;
            }
        } catch (DateTimeParseException e) {
            ok = false;
        }
        if (!ok) {
            throw errorAt(start, "invalid date or time");
        }
        return new DateTime(token);
    }

    /** Matches {@code HH:MM:SS[.fraction]} at {@code from}; returns the end index, or -1. */
    private static int timeShape(String t, int from) {
        if (t.length() < from + 8 || !allDigits(t, from, from + 2) || t.charAt(from + 2) != ':'
                || !allDigits(t, from + 3, from + 5) || t.charAt(from + 5) != ':' || !allDigits(t, from + 6, from + 8)) {
            return -1;
        }
        int i = from + 8;
        if (i < t.length() && t.charAt(i) == '.') {
            int d = ++i;
            while (i < t.length() && isDigit(t.charAt(i))) {
                i++;
            }
            if (i == d) {
                return -1;
            }
        }
        return i;
    }

    /** A TOML integer or float, or null if the token is neither. */
    private static Object number(String t) {
        switch (t) {
            case "inf", "+inf":
                return Double.POSITIVE_INFINITY;
            case "-inf":
                return Double.NEGATIVE_INFINITY;
            case "nan", "+nan", "-nan":
                return Double.NaN;
            default:
                break;
        }
        if (t.length() > 2 && t.charAt(0) == '0' && (t.charAt(1) == 'x' || t.charAt(1) == 'o' || t.charAt(1) == 'b')) {
            int radix = t.charAt(1) == 'x' ? 16 : t.charAt(1) == 'o' ? 8 : 2;
            String digits = digitsWithUnderscores(t, 2, radix);
            if (digits == null) {
                return null;
            }
            try {
                return Long.parseLong(digits, radix);
            } catch (NumberFormatException e) {
                throw new NumberRangeException();
            }
        }
        int i = 0;
        if (i < t.length() && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
            i++;
        }
        int intStart = i;
        int intEnd = endOfDecimalDigits(t, i);
        if (intEnd < 0 || intEnd == intStart) {
            return null;
        }
        if (t.charAt(intStart) == '0' && intEnd - intStart > 1) {
            return null; // leading zero
        }
        i = intEnd;
        boolean isFloat = false;
        if (i < t.length() && t.charAt(i) == '.') {
            int f = endOfDecimalDigits(t, i + 1);
            if (f < 0 || f == i + 1) {
                return null;
            }
            i = f;
            isFloat = true;
        }
        if (i < t.length() && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
            i++;
            if (i < t.length() && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
                i++;
            }
            int e = endOfDecimalDigits(t, i);
            if (e < 0 || e == i) {
                return null;
            }
            i = e;
            isFloat = true;
        }
        if (i != t.length()) {
            return null;
        }
        String plain = t.replace("_", "");
        if (isFloat) {
            // a finite literal that is not a finite double (or whose exponent alone is beyond any double) is
            // refused rather than read as infinity or zero
            int e = Math.max(plain.indexOf('e'), plain.indexOf('E'));
            String exponent = e < 0 ? "0" : plain.substring(e + 1).replaceFirst("^[+-]?0*", "");
            double d = Double.parseDouble(plain);
            if (exponent.length() > 9 || Double.isInfinite(d)) {
                throw new NumberRangeException();
            }
            return d;
        }
        try {
            return Long.parseLong(plain);
        } catch (NumberFormatException e) {
            throw new NumberRangeException();
        }
    }

    /** Decimal digits with single underscores between them, from {@code i}; the end index, or -1 if malformed. */
    private static int endOfDecimalDigits(String t, int i) {
        int start = i;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (isDigit(c)) {
                i++;
            } else if (c == '_' && i > start && isDigit(t.charAt(i - 1)) && i + 1 < t.length()
                    && isDigit(t.charAt(i + 1))) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    private static String digitsWithUnderscores(String t, int from, int radix) {
        StringBuilder b = new StringBuilder(t.length());
        for (int i = from; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '_') {
                if (i == from || i + 1 == t.length() || t.charAt(i + 1) == '_') {
                    return null;
                }
                continue;
            }
            if (Character.digit(c, radix) < 0 || c > 'f') {
                return null;
            }
            b.append(c);
        }
        return b.length() == 0 ? null : b.toString();
    }

    /** Thrown by {@link #number} for a number out of range; turned into a located error by the caller. */
    private static final class NumberRangeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NumberRangeException() {
            super(null, null, false, false);
        }
    }

    // ------------------------------------------------------------------------------------------ blanks

    private void skipSpaces() {
        while (pos < n && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
            pos++;
        }
    }

    /** Whitespace, newlines and comments, as allowed between array elements. */
    private void skipBlank() {
        while (pos < n) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t') {
                pos++;
            } else if (c == '#') {
                comment();
            } else if (c == '\n' || c == '\r') {
                if (!newline()) {
                    throw error("a carriage return must be followed by a line feed");
                }
            } else {
                return;
            }
        }
    }

    private void comment() {
        pos++; // #
        while (pos < n) {
            char c = s.charAt(pos);
            if (c == '\n' || (c == '\r' && pos + 1 < n && s.charAt(pos + 1) == '\n')) {
                return;
            }
            checkChar(c);
            pos++;
        }
    }

    /** Consumes {@code \n} or {@code \r\n}; false (nothing consumed) if neither is at the position. */
    private boolean newline() {
        if (pos < n && s.charAt(pos) == '\n') {
            pos++;
            return true;
        }
        if (pos + 1 < n && s.charAt(pos) == '\r' && s.charAt(pos + 1) == '\n') {
            pos += 2;
            return true;
        }
        return false;
    }

    private void expect(char c, String message) {
        if (pos >= n || s.charAt(pos) != c) {
            throw error(message);
        }
        pos++;
    }

    // ------------------------------------------------------------------------------------------ errors

    private static String path(List<String> keys) {
        StringBuilder b = new StringBuilder();
        for (String k : keys) {
            if (b.length() > 0) {
                b.append('.');
            }
            boolean bare = !k.isEmpty() && k.chars().allMatch(c -> isBareKeyChar((char) c));
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

    private TomlSyntaxException error(String message) {
        return errorAt(pos, message);
    }

    private TomlSyntaxException errorAt(int at, String message) {
        int line = 1;
        int lineStart = 0;
        int end = Math.min(at, n);
        for (int i = 0; i < end; i++) {
            if (s.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new TomlSyntaxException(message, line, end - lineStart + 1);
    }
}
