package org.katzenpost.thin.internal;

import java.math.BigInteger;

/**
 * A small streaming JSON writer for our renderings (e.g. {@code PkiDocuments.toJson}), so the library needs no
 * JSON library (docs/performance.md, "Footprint"). The pretty layout is the one Jackson's default pretty printer
 * produces, which the output had before: objects one entry per line indented by two spaces, {@code "key" : value},
 * arrays on one line as {@code [ a, b ]}, empty containers as {@code { }} and {@code [ ]}.
 *
 * <p>Strings escape {@code "} and {@code \} and every control character (short forms for backspace, tab, line
 * feed, form feed and carriage return, <code>&#92;u00XX</code> otherwise); everything else is written as is.
 * Doubles are written with {@link Double#toString(double)}, non-finite ones as strings. Calls out of order (a value
 * where a field name is due, an unbalanced end) throw {@link IllegalStateException}.
 */
public final class JsonWriter {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final StringBuilder out;
    private final boolean pretty;
    /** Open containers: true for an object. */
    private boolean[] objects = new boolean[16];
    private int[] counts = new int[16];
    private int depth;
    /** Object nesting, for indentation (arrays stay on one line). */
    private int indent;
    private boolean fieldNamePending;

    /**
     * Starts a writer.
     *
     * @param pretty the multi-line layout described above, or compact output with no whitespace
     * @param capacity initial buffer size in chars
     */
    public JsonWriter(boolean pretty, int capacity) {
        this.pretty = pretty;
        this.out = new StringBuilder(capacity);
    }

    /**
     * The text written so far.
     *
     * @return the JSON text
     */
    @Override
    public String toString() {
        return out.toString();
    }

    /** Opens an object. */
    public void writeStartObject() {
        beforeValue();
        out.append('{');
        push(true);
        indent++;
    }

    /** Closes the innermost object. */
    public void writeEndObject() {
        if (depth == 0 || !objects[depth - 1] || fieldNamePending) {
            throw new IllegalStateException("no object to end here");
        }
        int count = counts[--depth];
        indent--;
        if (pretty) {
            if (count > 0) {
                newline();
            } else {
                out.append(' ');
            }
        }
        out.append('}');
    }

    /** Opens an array. */
    public void writeStartArray() {
        beforeValue();
        out.append('[');
        push(false);
    }

    /** Closes the innermost array. */
    public void writeEndArray() {
        if (depth == 0 || objects[depth - 1]) {
            throw new IllegalStateException("no array to end here");
        }
        depth--;
        if (pretty) {
            out.append(' ');
        }
        out.append(']');
    }

    /**
     * Writes the name of the next entry of the innermost object.
     *
     * @param name the field name
     */
    public void writeFieldName(String name) {
        if (depth == 0 || !objects[depth - 1] || fieldNamePending) {
            throw new IllegalStateException("a field name is not expected here");
        }
        if (counts[depth - 1]++ > 0) {
            out.append(',');
        }
        if (pretty) {
            newline();
        }
        string(name);
        out.append(pretty ? " : " : ":");
        fieldNamePending = true;
    }

    /**
     * Writes a string value.
     *
     * @param value the string
     */
    public void writeString(String value) {
        beforeValue();
        string(value);
    }

    /**
     * Writes an integer value.
     *
     * @param value the number
     */
    public void writeNumber(long value) {
        beforeValue();
        out.append(value);
    }

    /**
     * Writes a big integer value.
     *
     * @param value the number
     */
    public void writeNumber(BigInteger value) {
        beforeValue();
        out.append(value);
    }

    /**
     * Writes a floating-point value as {@link Double#toString(double)} does; a non-finite one (not a JSON number)
     * as a string, {@code "NaN"}, {@code "Infinity"} or {@code "-Infinity"}.
     *
     * @param value the number
     */
    public void writeNumber(double value) {
        if (!Double.isFinite(value)) {
            writeString(Double.toString(value));
            return;
        }
        beforeValue();
        out.append(value);
    }

    /**
     * Writes a boolean value.
     *
     * @param value the boolean
     */
    public void writeBoolean(boolean value) {
        beforeValue();
        out.append(value);
    }

    /** Writes {@code null}. */
    public void writeNull() {
        beforeValue();
        out.append("null");
    }

    /**
     * Writes a field with a string value.
     *
     * @param name the field name
     * @param value the string
     */
    public void writeStringField(String name, String value) {
        writeFieldName(name);
        writeString(value);
    }

    /**
     * Writes a field with an integer value.
     *
     * @param name the field name
     * @param value the number
     */
    public void writeNumberField(String name, long value) {
        writeFieldName(name);
        writeNumber(value);
    }

    /**
     * Writes a field with a boolean value.
     *
     * @param name the field name
     * @param value the boolean
     */
    public void writeBooleanField(String name, boolean value) {
        writeFieldName(name);
        writeBoolean(value);
    }

    /**
     * Writes a field name and opens an array as its value.
     *
     * @param name the field name
     */
    public void writeArrayFieldStart(String name) {
        writeFieldName(name);
        writeStartArray();
    }

    /**
     * Writes a field name and opens an object as its value.
     *
     * @param name the field name
     */
    public void writeObjectFieldStart(String name) {
        writeFieldName(name);
        writeStartObject();
    }

    private void beforeValue() {
        if (depth == 0) {
            if (out.length() > 0) {
                throw new IllegalStateException("only one root value");
            }
            return;
        }
        if (objects[depth - 1]) {
            if (!fieldNamePending) {
                throw new IllegalStateException("a field name is due before a value in an object");
            }
            fieldNamePending = false;
            return;
        }
        if (counts[depth - 1]++ > 0) {
            out.append(',');
        }
        if (pretty) {
            out.append(' ');
        }
    }

    private void push(boolean object) {
        if (depth == objects.length) {
            objects = java.util.Arrays.copyOf(objects, depth * 2);
            counts = java.util.Arrays.copyOf(counts, depth * 2);
        }
        objects[depth] = object;
        counts[depth] = 0;
        depth++;
    }

    private void newline() {
        out.append('\n');
        for (int i = 0; i < indent; i++) {
            out.append("  ");
        }
    }

    private void string(String s) {
        out.append('"');
        int n = s.length();
        int from = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, from, i);
            from = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        out.append(s, from, n);
        out.append('"');
    }
}
