package org.katzenpost.thin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Our JSON writer produces exactly what Jackson's generator (test scope only; what PkiDocuments.toJson used
 * before) produces, in the default pretty layout and compact, for arbitrary trees and strings.
 */
class JsonWriterTest {
    private static final JsonFactory JACKSON = new JsonFactory();

    @Provide
    Arbitrary<Object> trees() {
        Arbitrary<String> strings = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(12),
                Arbitraries.strings().withCharRange('\u0000', '\u00a0').ofMaxLength(12));
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                strings.map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1e-7, 1e21, Double.MIN_VALUE).map(d -> (Object) d),
                Arbitraries.bigIntegers().between(BigInteger.TWO.pow(70).negate(), BigInteger.TWO.pow(70))
                        .map(b -> (Object) b),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null));
        return Arbitraries.recursive(() -> leaf, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(l -> (Object) l),
                Arbitraries.maps(strings, inner).ofMaxSize(4).map(m -> (Object) new LinkedHashMap<>(m))), 0, 3);
    }

    @Property(tries = 800)
    void sameTextAsJackson(@ForAll("trees") Object tree) throws IOException {
        for (boolean pretty : new boolean[] {true, false}) {
            JsonWriter ours = new JsonWriter(pretty, 16);
            writeOurs(ours, tree);
            StringWriter out = new StringWriter();
            try (JsonGenerator g = JACKSON.createGenerator(out)) {
                if (pretty) {
                    g.useDefaultPrettyPrinter();
                }
                writeJackson(g, tree);
            }
            assertThat(ours.toString()).as("pretty=%s", pretty).isEqualTo(out.toString());
        }
    }

    @Test
    void escapesAndLayout() {
        JsonWriter w = new JsonWriter(true, 16);
        w.writeStartObject();
        w.writeStringField("s", "q\" b\\ \u0001 \t\n é");
        w.writeArrayFieldStart("a");
        w.writeNumber(1);
        w.writeStartObject();
        w.writeEndObject();
        w.writeEndArray();
        w.writeObjectFieldStart("o");
        w.writeFieldName("n");
        w.writeNull();
        w.writeEndObject();
        w.writeEndObject();
        assertThat(w.toString()).isEqualTo("""
                {
                  "s" : "q\\" b\\\\ \\u0001 \\t\\n é",
                  "a" : [ 1, { } ],
                  "o" : {
                    "n" : null
                  }
                }""");
    }

    @Test
    void callsOutOfOrderAreRefused() {
        JsonWriter w = new JsonWriter(false, 16);
        w.writeStartObject();
        assertThatThrownBy(() -> w.writeNumber(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(w::writeEndArray).isInstanceOf(IllegalStateException.class);
        w.writeFieldName("x");
        assertThatThrownBy(() -> w.writeFieldName("y")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(w::writeEndObject).isInstanceOf(IllegalStateException.class);
    }

    private static void writeOurs(JsonWriter w, Object v) {
        if (v instanceof Map<?, ?> m) {
            w.writeStartObject();
            m.forEach((k, x) -> {
                w.writeFieldName((String) k);
                writeOurs(w, x);
            });
            w.writeEndObject();
        } else if (v instanceof List<?> l) {
            w.writeStartArray();
            l.forEach(x -> writeOurs(w, x));
            w.writeEndArray();
        } else if (v instanceof String s) {
            w.writeString(s);
        } else if (v instanceof Long n) {
            w.writeNumber(n);
        } else if (v instanceof Double d) {
            w.writeNumber(d);
        } else if (v instanceof BigInteger b) {
            w.writeNumber(b);
        } else if (v instanceof Boolean b) {
            w.writeBoolean(b);
        } else {
            w.writeNull();
        }
    }

    private static void writeJackson(JsonGenerator g, Object v) throws IOException {
        if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName((String) e.getKey());
                writeJackson(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object x : new ArrayList<>(l)) {
                writeJackson(g, x);
            }
            g.writeEndArray();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Long n) {
            g.writeNumber(n);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeNull();
        }
    }
}
