package org.katzenpost.thin.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.katzenpost.thin.ConfigurationException;
import org.katzenpost.thin.internal.config.TomlReader.DateTime;
import org.katzenpost.thin.internal.config.TomlReader.TomlSyntaxException;

/** What our TOML reader accepts, what it builds, and how it refuses the rest (line, column, no values). */
class TomlReaderTest {
    private static Map<String, Object> parse(String toml) {
        return TomlReader.parse(toml);
    }

    private static Object value(String toml) {
        return parse("v = " + toml + "\n").get("v");
    }

    @Test
    void theTestnetFileAndItsVariants() {
        Map<String, Object> expected = Map.of("Dial", Map.of("Tcp", Map.of("Address", "127.0.0.1:64331", "Network", "tcp")));
        assertThat(parse("[Dial]\n  [Dial.Tcp]\n    Address = \"127.0.0.1:64331\"\n    Network = \"tcp\"\n"))
                .isEqualTo(expected);
        assertThat(parse("Dial.Tcp.Address = '127.0.0.1:64331'\nDial.Tcp.Network = \"tcp\"")).isEqualTo(expected);
        assertThat(parse("[Dial]\r\nTcp = { Address = \"127.0.0.1:64331\", Network = \"tcp\" } # c\r\n"))
                .isEqualTo(expected);
        assertThat(parse("\uFEFF[ Dial . \"Tcp\" ]\nAddress = \"127.0.0.1:64331\"\n'Network' = \"tcp\"\n"))
                .isEqualTo(expected);
    }

    @Test
    void strings() {
        assertThat(value("\"a\\tb\\n\\\"q\\\" \\\\ \\u00e9 \\U0001F600 \\b\\f\\r\"")).isEqualTo("a\tb\n\"q\" \\ é 😀 \b\f\r");
        assertThat(value("'C:\\path\\no escapes'")).isEqualTo("C:\\path\\no escapes");
        assertThat(value("\"\"\"\nline1\nline2\"\"\"")).isEqualTo("line1\nline2");
        assertThat(value("\"\"\"\r\nline1\r\nline2\"\"\"")).isEqualTo("line1\r\nline2");
        assertThat(value("\"\"\"one \\\n    two \\\n\n   three\"\"\"")).isEqualTo("one two three");
        assertThat(value("\"\"\"quote \"\" inside\"\"\"\"\"")).isEqualTo("quote \"\" inside\"\"");
        assertThat(value("'''\nraw \\n ''text'' '''")).isEqualTo("raw \\n ''text'' ");
        assertThat(value("''''quoted''''")).isEqualTo("'quoted'");
        assertThat(value("\"tab\there\"")).isEqualTo("tab\there");
        assertThat(value("\"\"")).isEqualTo("");
    }

    @Test
    void numbersBooleansAndDates() {
        assertThat(value("+99")).isEqualTo(99L);
        assertThat(value("-17")).isEqualTo(-17L);
        assertThat(value("0")).isEqualTo(0L);
        assertThat(value("1_000_000")).isEqualTo(1_000_000L);
        assertThat(value("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(value("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(value("0xDEAD_beef")).isEqualTo(0xdeadbeefL);
        assertThat(value("0o755")).isEqualTo(0755L);
        assertThat(value("0b1101")).isEqualTo(13L);
        assertThat(value("3.1415")).isEqualTo(3.1415);
        assertThat(value("-0.01")).isEqualTo(-0.01);
        assertThat(value("5e+22")).isEqualTo(5e22);
        assertThat(value("1e06")).isEqualTo(1e6);
        assertThat(value("-2E-2")).isEqualTo(-2e-2);
        assertThat(value("1e-400")).isEqualTo(0.0);
        assertThat(value("1.7976931348623157e308")).isEqualTo(Double.MAX_VALUE);
        assertThat(value("6.626e-34")).isEqualTo(6.626e-34);
        assertThat(value("224_617.445_991")).isEqualTo(224617.445991);
        assertThat(value("inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(value("-inf")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat((Double) value("nan")).isNaN();
        assertThat(value("true")).isEqualTo(true);
        assertThat(value("false")).isEqualTo(false);
        for (String d : List.of("1979-05-27T07:32:00Z", "1979-05-27T00:32:00-07:00", "1979-05-27T00:32:00.999999-07:00",
                "1979-05-27 07:32:00Z", "1979-05-27T07:32:00", "1979-05-27", "07:32:00", "00:32:00.999999")) {
            assertThat(value(d)).as(d).isInstanceOf(DateTime.class);
        }
    }

    @Test
    void arraysAndInlineTables() {
        assertThat(value("[ 1, 2, 3 ]")).isEqualTo(List.of(1L, 2L, 3L));
        assertThat(value("[\n  1, # one\n  'two',\n  [3.0, []],\n]")).isEqualTo(List.of(1L, "two", List.of(3.0, List.of())));
        assertThat(value("{ a = 1, b.c = 'x', b.d = [] }")).isEqualTo(Map.of("a", 1L, "b", Map.of("c", "x", "d", List.of())));
        assertThat(value("{}")).isEqualTo(Map.of());
        assertThat(value("[{x = 1}, {y = 2}]")).isEqualTo(List.of(Map.of("x", 1L), Map.of("y", 2L)));
    }

    @Test
    void tablesKeysAndArraysOfTables() {
        Map<String, Object> doc = parse("""
                top = 1
                "quoted key" = 2
                '' = 3
                a.b.c = 4
                a.b.d = 5
                [x.y]
                z = 6
                [x]          # defining a super-table after its sub-table is fine
                w = 7
                [fruit]
                apple.color = "red"
                [fruit.apple.texture]   # sub-tables of dotted-key tables are fine
                smooth = true
                [[products]]
                name = "Hammer"
                [[products]]
                [[products]]
                name = "Nail"
                [products.dims]
                size = 2
                """);
        assertThat(doc).containsEntry("top", 1L).containsEntry("quoted key", 2L).containsEntry("", 3L);
        assertThat(doc.get("a")).isEqualTo(Map.of("b", Map.of("c", 4L, "d", 5L)));
        assertThat(doc.get("x")).isEqualTo(Map.of("y", Map.of("z", 6L), "w", 7L));
        assertThat(doc.get("fruit")).isEqualTo(Map.of("apple", Map.of("color", "red", "texture", Map.of("smooth", true))));
        assertThat(doc.get("products")).isEqualTo(List.of(Map.of("name", "Hammer"), Map.of(),
                Map.of("name", "Nail", "dims", Map.of("size", 2L))));
        assertThat(parse("")).isEmpty();
        assertThat(parse("# only\n\n  \t\n")).isEmpty();
        assertThat(List.copyOf(parse("b = 1\na = 2\nc = 3").keySet())).containsExactly("b", "a", "c");
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                // syntax
                Arguments.of("[Dial\n", 1, 6, "expected ]"),
                Arguments.of("a = \"open\n", 1, 10, "unterminated string"),
                Arguments.of("a = 'open", 1, 10, "unterminated string"),
                Arguments.of("a = \"\"\"open", 1, 12, "unterminated multi-line string"),
                Arguments.of("a = '''open", 1, 12, "unterminated multi-line string"),
                Arguments.of("a = \"\"\"x\"\"\"\"\"\"", 1, 9, "too many quotes"),
                Arguments.of("a = '''x''''''", 1, 9, "too many quotes"),
                Arguments.of("a = '''\u0001'''", 1, 8, "control character"),
                Arguments.of("a = \"\\x41\"", 1, 6, "invalid escape"),
                Arguments.of("a = \"\\uD800\"", 1, 6, "Unicode scalar"),
                Arguments.of("a = \"\\u12\"", 1, 6, "invalid unicode escape"),
                Arguments.of("a = \"\u0001\"", 1, 6, "control character"),
                Arguments.of("a = 1 # bell \u0007", 1, 14, "control character"),
                Arguments.of("a = 1\rb = 2", 1, 6, "end of the line"),
                Arguments.of("a = 1 b = 2", 1, 7, "end of the line"),
                Arguments.of("a =", 1, 4, "expected a value"),
                Arguments.of("= 1", 1, 1, "expected a key"),
                Arguments.of("a b = 1", 1, 3, "expected ="),
                Arguments.of("\"\"\"k\"\"\" = 1", 1, 1, "multi-line string cannot be a key"),
                Arguments.of("a = tru", 2 - 1, 5, "expected a value"),
                Arguments.of("a = truely", 1, 5, "expected a value"),
                Arguments.of("a = [1 2]", 1, 8, "expected , or ]"),
                Arguments.of("a = [1,,]", 1, 8, "expected a value"),
                Arguments.of("a = [1", 1, 7, "unterminated array"),
                Arguments.of("a = { b = 1, }", 1, 14, "trailing comma"),
                Arguments.of("a = { b = 1\n}", 1, 12, "one line"),
                Arguments.of("a = {b = 1 c = 2}", 1, 12, "expected , or }"),
                Arguments.of("[[a]\n", 1, 4, "expected ]]"),
                // numbers and dates
                Arguments.of("a = 01", 1, 5, "invalid number"),
                Arguments.of("a = 1__0", 1, 5, "invalid number"),
                Arguments.of("a = _1", 1, 5, "expected a value"),
                Arguments.of("a = 1_", 1, 5, "invalid number"),
                Arguments.of("a = 1.", 1, 5, "invalid number"),
                Arguments.of("a = .5", 1, 5, "expected a value"),
                Arguments.of("a = 1.e5", 1, 5, "invalid number"),
                Arguments.of("a = 0X1F", 1, 5, "invalid number"),
                Arguments.of("a = -0x1", 1, 5, "invalid number"),
                Arguments.of("a = 0x", 1, 5, "invalid number"),
                Arguments.of("a = 9223372036854775808", 1, 5, "out of range"),
                Arguments.of("a = 0x8000000000000000", 1, 5, "out of range"),
                Arguments.of("a = Inf", 1, 5, "expected a value"),
                Arguments.of("a = 1e309", 1, 5, "out of range"),
                Arguments.of("a = -1.5e1_000", 1, 5, "out of range"),
                Arguments.of("a = 1.0e-3444270085310510000", 1, 5, "out of range"),
                Arguments.of("a = 1979-13-27", 1, 5, "invalid date"),
                Arguments.of("a = 1979-02-30", 1, 5, "invalid date"),
                Arguments.of("a = 25:00:00", 1, 5, "invalid date"),
                Arguments.of("a = 1979-05-27T07:32", 1, 5, "invalid date"),
                Arguments.of("a = 1979-05-27T07:32:00+7:00", 1, 5, "invalid date"),
                Arguments.of("a = 1979-05-27T07:32:00z", 1, 5, "invalid date"),
                Arguments.of("a = 1979-05-27t07:32:00Z", 1, 5, "invalid date"),
                // definitions
                Arguments.of("a = 1\na = 2", 2, 1, "duplicate key a"),
                Arguments.of("a.b = 1\na.b = 2", 2, 1, "duplicate key a.b"),
                Arguments.of("[Dial.Tcp]\nAddress = 'h:1'\nAddress = 'h:2'", 3, 1, "duplicate key Dial.Tcp.Address"),
                Arguments.of("[[t]]\n[t.u]\nx.y = 1\nx.y = 2", 4, 1, "duplicate key t.u.x.y"),
                Arguments.of("[t]\n[t]", 2, 1, "table t is already defined"),
                Arguments.of("a = 1\n[a]", 2, 1, "key a is already defined"),
                Arguments.of("a = 1\na.b = 2", 2, 1, "key a is already defined"),
                Arguments.of("[fruit]\napple.color = 1\n[fruit.apple]", 3, 1, "table fruit.apple is already defined"),
                Arguments.of("[a.b]\nx = 1\n[a]\nb.y = 2", 4, 1, "a dotted key cannot add to it"),
                Arguments.of("a = {b = 1}\n[a.c]", 2, 1, "inline table"),
                Arguments.of("a = {b = 1}\na.c = 2", 2, 1, "a dotted key cannot add to it"),
                Arguments.of("a = {b = {c = 1}, b.d = 2}", 1, 19, "a dotted key cannot add to it"),
                Arguments.of("a = [1]\n[[a]]", 2, 1, "not an array of tables"),
                Arguments.of("[[a]]\n[a]", 2, 1, "key a is already defined"),
                Arguments.of("[a]\n[[a]]", 2, 1, "not an array of tables"),
                Arguments.of("\"a b\" = 1\n'a b' = 2", 2, 1, "duplicate key \"a b\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidDocumentsAreRefusedWithTheirPosition(String toml, int line, int column, String reason) {
        assertThatThrownBy(() -> parse(toml))
                .isInstanceOfSatisfying(TomlSyntaxException.class, e -> {
                    assertThat(e.getMessage()).contains(reason);
                    assertThat(e.line()).as("line").isEqualTo(line);
                    assertThat(e.column()).as("column").isEqualTo(column);
                });
    }

    @Test
    void nestingIsBounded() {
        String deep = "a = " + "[".repeat(TomlReader.MAX_DEPTH + 1) + "]".repeat(TomlReader.MAX_DEPTH + 1);
        assertThatThrownBy(() -> parse(deep)).isInstanceOf(TomlSyntaxException.class).hasMessageContaining("nested");
        String ok = "a = " + "[".repeat(TomlReader.MAX_DEPTH) + "]".repeat(TomlReader.MAX_DEPTH);
        assertThat(parse(ok)).containsKey("a");
        String inline = "a = " + "{b = ".repeat(TomlReader.MAX_DEPTH + 1) + "1" + "}".repeat(TomlReader.MAX_DEPTH + 1);
        assertThatThrownBy(() -> parse(inline)).isInstanceOf(TomlSyntaxException.class);
    }

    /** Refusals name keys and positions, never the text of a value (a value could be a secret). */
    @Test
    void errorMessagesNeverShowValues() {
        String secret = "s3cr3t-VALUE";
        for (String toml : List.of(
                "a = \"" + secret + "\"\na = \"" + secret + "\"",
                "a = \"" + secret + "\\q\"",
                "a = \"" + secret,
                "a = '" + secret + "\n",
                "a = \"\"\"" + secret + "\"\"\"\"\"\"",
                "a = " + secret,
                "a = [\"" + secret + "\" \"" + secret + "\"]",
                "a = {b = \"" + secret + "\" c = 1}",
                "a = 1979-05-27T" + secret,
                "a = \"" + secret + "\" " + secret,
                "[Dial.Tcp]\nAddress = \"" + secret + "\"\nAddress = 1",
                "[Dial.Tcp]\nAddress = \"" + secret + "\"\nNetwork = 4")) {
            String message;
            try {
                ThinClientToml.parseDial(toml, "x.toml");
                message = null;
            } catch (ConfigurationException e) {
                message = e.getMessage();
            }
            assertThat(message).as(toml).isNotNull().doesNotContain("s3cr3t").doesNotContain("VALUE");
        }
    }

    @Test
    void syntaxErrorsInTheConfigFileShowLineAndColumn() {
        assertThatThrownBy(() -> ThinClientToml.parseDial("[Dial]\n[Dial.Tcp]\nAddress = \"h:1\n", "f.toml"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("f.toml: invalid TOML (line 3, column 15): unterminated string (a basic string cannot "
                        + "span lines)");
    }
}
