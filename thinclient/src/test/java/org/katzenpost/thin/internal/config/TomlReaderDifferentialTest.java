package org.katzenpost.thin.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.toml.TomlReadFeature;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Our TOML reader against Jackson's TOML module (a test-scope dependency only, which the library used before):
 * on a set of documents using every feature and on random mutations of them, whatever both accept must give the
 * same tree, and whatever ours accepts Jackson must accept too (ours is at least as strict).
 */
class TomlReaderDifferentialTest {
    private static final TomlMapper JACKSON = TomlMapper.builder().enable(TomlReadFeature.PARSE_JAVA_TIME).build();

    static final List<String> DOCUMENTS = List.of(
            "[Dial]\n  [Dial.Tcp]\n    Address = \"127.0.0.1:64331\"\n    Network = \"tcp\"\n",
            "# thin client\n[Dial]\n[Dial.Unix]\nAddress = \"/run/kpclientd.sock\" # path\n",
            "Dial.Ws.Address = 'ws://127.0.0.1:8080/'\n",
            "[Dial]\nTcp = { Address = \"[::1]:64331\", Network = \"tcp6\" }\n",
            "a = \"esc \\t \\n \\\" \\\\ \\u00e9 \\U0001F600\"\nb = 'lit \\ eral'\n"
                    + "c = \"\"\"\nml \\\n   basic \"\" q\"\"\"\nd = '''\nml\nliteral'''\n",
            "i = [ +99, -17, 0, 1_000, 0xDEAD_beef, 0o755, 0b1101 ]\n"
                    + "f = [ 3.14, -0.01, 5e+22, 1e06, -2E-2, 6.626e-34, 224_617.445_991, inf, -inf ]\n"
                    + "b = [ true, false ]\n",
            "d1 = 1979-05-27T07:32:00Z\nd2 = 1979-05-27T00:32:00.999999-07:00\nd3 = 1979-05-27 07:32:00\n"
                    + "d4 = 1979-05-27\nd5 = 07:32:00\n",
            "[x.y]\nz = 1\n[x]\nw = 2\n[fruit]\napple.color = \"red\"\n[fruit.apple.texture]\nsmooth = true\n",
            "[[p]]\nname = \"Hammer\"\n[[p]]\n[[p]]\nname = \"Nail\"\n[p.dims]\nsize = 2\n",
            "c = \"\"\"\r\nx \\\r\n  y\r\nz\"\"\"\r\nd = '''\r\nl\r\nm'''\r\n",
            "arr = [\n  1, # one\n  'two',\n  [3.0, []],\n  { k = 'v', n.m = 1 },\n]\n\"quoted key\" = 1\n'' = 2\n");

    @Provide
    Arbitrary<String> mutated() {
        Arbitrary<String> base = Arbitraries.of(DOCUMENTS);
        Arbitrary<Character> ch = Arbitraries.of("[]{}=.,\"'#\n\r \t_-+:0123456789abexoTZ\\uU\u0001\u00e9".chars()
                .mapToObj(c -> (char) c).toList());
        Arbitrary<List<int[]>> edits = Combinators.combine(
                        Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 10_000),
                        Arbitraries.integers().between(0, 1000))
                .as((kind, where, what) -> new int[] {kind, where, what}).list().ofMinSize(1).ofMaxSize(3);
        return Combinators.combine(base, edits, ch.list().ofSize(3)).as((doc, es, chars) -> {
            StringBuilder b = new StringBuilder(doc);
            int i = 0;
            for (int[] e : es) {
                int at = e[1] % (b.length() + 1);
                char c = chars.get(i++ % chars.size());
                switch (e[0]) {
                    case 0 -> b.insert(at, c);
                    case 1 -> { if (at < b.length()) { b.deleteCharAt(at); } }
                    default -> { if (at < b.length()) { b.setCharAt(at, c); } }
                }
            }
            return b.toString();
        });
    }

    @Property(tries = 20)
    void theDocumentsParseAlike(@ForAll("documents") String doc) throws Exception {
        compare(doc, true);
    }

    @Provide
    Arbitrary<String> documents() {
        return Arbitraries.of(DOCUMENTS);
    }

    @Property(tries = 5000)
    void mutationsParseAlikeOrOursRefuses(@ForAll("mutated") String doc) throws Exception {
        compare(doc, false);
    }

    static void compare(String doc, boolean mustAccept) throws Exception {
        Object ours;
        try {
            ours = normalise(TomlReader.parse(doc));
        } catch (TomlReader.TomlSyntaxException e) {
            assertThat(mustAccept).as("ours refused %s: %s", doc, e.getMessage()).isFalse();
            assertThat(e.line()).isPositive();
            assertThat(e.column()).isPositive();
            return;
        }
        Object theirs;
        try {
            theirs = jackson(JACKSON.readTree(doc));
        } catch (Exception e) {
            throw new AssertionError("ours accepted what Jackson refuses (" + e.getMessage() + "):\n" + doc);
        }
        if (!jacksonMisreads(doc)) {
            assertThat(ours).as("tree of:%n%s", doc).isEqualTo(theirs);
        }
    }

    private static final java.util.regex.Pattern NINETEEN_DIGITS = java.util.regex.Pattern.compile("[0-9](_?[0-9]){18}");

    /**
     * Jackson's TOML module (2.21.3) mangles decimal integers of 19 digits: it reads 9223372036854775807 as
     * 6854775807 (it drops the first nine digits). Ours reads them right (TomlReaderTest); trees of documents
     * with such a number are not compared.
     */
    static boolean jacksonMisreads(String doc) {
        return NINETEEN_DIGITS.matcher(doc).find();
    }

    /** Our tree with date-times reduced to a marker (Jackson gives java.time objects). */
    static Object normalise(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put((String) k, normalise(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(normalise(x)));
            return out;
        }
        if (v instanceof TomlReader.DateTime) {
            return "<date-time>";
        }
        if (v instanceof Double d && d == 0.0) {
            return 0.0; // Jackson reads -0.0 as 0.0; ours keeps the sign, as TOML says
        }
        return v;
    }

    static Object jackson(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), jackson(e.getValue()));
            }
            return out;
        }
        if (n.isArray()) {
            List<Object> out = new ArrayList<>();
            n.forEach(x -> out.add(jackson(x)));
            return out;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
        }
        if (n.isNumber()) {
            return n.doubleValue() == 0.0 ? 0.0 : n.doubleValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n instanceof POJONode) {
            return "<date-time>";
        }
        throw new AssertionError("unexpected Jackson node " + n.getNodeType());
    }
}
