package org.katzenpost.thin.internal.config;

import org.katzenpost.thin.internal.config.TomlReader.TomlSyntaxException;

/**
 * The lexical layer of {@link TomlReader}: the document text and a position in it; blanks, comments and newlines;
 * the four string forms with their escapes; and errors located by line and column. The grammar (tables, keys,
 * values) is {@link TomlReader}'s, which reads on from here.
 */
abstract class TomlLexer {
    final String s;
    final int n;
    int pos;

    TomlLexer(String s) {
        this.s = s;
        this.n = s.length();
    }

    String basicString() {
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

    /**
     * A multi-line string opened by three {@code quote} characters: {@code "} (basic: escapes and line-ending
     * backslashes) or {@code '} (literal: taken as written). Up to two quotes may sit right before the closing three.
     */
    String multiLineString(char quote) {
        boolean basic = quote == '"';
        String twoQuotes = basic ? "\"\"" : "''";
        pos += 3;
        skipOneNewline();
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= n) {
                throw error("unterminated multi-line string");
            }
            char c = s.charAt(pos);
            if (c == quote) {
                int q = countQuotes(quote);
                if (q >= 3) {
                    if (q > 5) {
                        throw error("too many quotes at the end of a multi-line string");
                    }
                    b.append(twoQuotes, 0, q - 3);
                    pos += q;
                    return b.toString();
                }
                b.append(twoQuotes, 0, q);
                pos += q;
            } else if (basic && c == '\\') {
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

    String literalString() {
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
    void checkChar(char c) {
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
            throw error("control characters other than tab are not allowed here (in strings, escape them)");
        }
    }

    void skipSpaces() {
        while (pos < n && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
            pos++;
        }
    }

    /** Whitespace, newlines and comments, as allowed between array elements. */
    void skipBlank() {
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

    void comment() {
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
    boolean newline() {
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

    void expect(char c, String message) {
        if (pos >= n || s.charAt(pos) != c) {
            throw error(message);
        }
        pos++;
    }

    TomlSyntaxException error(String message) {
        return errorAt(pos, message);
    }

    TomlSyntaxException errorAt(int at, String message) {
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

    static boolean isBareKeyChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }
}
