package org.katzenpost.thin.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.toml.TomlReadFeature;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.katzenpost.thin.ConfigurationException;
import org.katzenpost.thin.Dial;
import org.katzenpost.thin.internal.config.ThinClientToml;
import org.katzenpost.thin.internal.config.TomlReader;
import org.katzenpost.thin.internal.config.TomlReaderDifferentialAccess;

/**
 * Fuzz target for our TOML reader and the {@code thinclient.toml} check on top of it. Contract:
 * {@link TomlReader#parse} returns a tree or throws {@link TomlReader.TomlSyntaxException} with a line and column
 * inside the document; {@link ThinClientToml#parseDial} returns a {@link Dial} or throws
 * {@link ConfigurationException}, nothing else; allocation stays linear in the input; and a document ours
 * accepts, Jackson's TOML module (test scope only, what the library used before) accepts too, with the same tree
 * (except where Jackson is known to misread: 19-digit integers).
 */
class TomlFuzzTest {
    private static final TomlMapper JACKSON = TomlMapper.builder().enable(TomlReadFeature.PARSE_JAVA_TIME).build();

    @FuzzTest(maxDuration = "60s")
    void parse(byte[] input) {
        String doc = new String(input, StandardCharsets.UTF_8);
        long before = Alloc.now();
        Map<String, Object> tree;
        try {
            tree = TomlReader.parse(doc);
        } catch (TomlReader.TomlSyntaxException e) {
            long lines = doc.chars().filter(c -> c == '\n').count() + 1;
            if (e.line() < 1 || e.line() > lines || e.column() < 1 || e.column() > doc.length() + 1) {
                throw new AssertionError("error position line " + e.line() + " column " + e.column()
                        + " outside a document of " + lines + " lines");
            }
            tree = null;
        } finally {
            FuzzChecks.allocationWithin(before, input.length, "TomlReader.parse", () -> TomlReader.parse(doc));
        }
        try {
            ThinClientToml.parseDial(doc, "fuzz.toml");
        } catch (ConfigurationException expected) {
            // refused: fine
        }
        if (tree != null) {
            Object theirs;
            try {
                theirs = TomlReaderDifferentialAccess.jackson(JACKSON.readTree(doc));
            } catch (Exception e) {
                throw new AssertionError("our reader accepted what Jackson refuses: " + e.getMessage());
            }
            Object ours = TomlReaderDifferentialAccess.normalise(tree);
            if (!ours.equals(theirs) && !TomlReaderDifferentialAccess.jacksonMisreads(doc)) {
                throw new AssertionError("trees differ:\n  ours    " + ours + "\n  Jackson " + theirs);
            }
        }
    }
}
