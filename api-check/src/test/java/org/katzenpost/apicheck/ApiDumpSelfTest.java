package org.katzenpost.apicheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.katzenpost.apicheck.sample.Circle;

/** ApiDump and ApiCheck on the sample classes of this module's test sources. */
class ApiDumpSelfTest {
    private static ApiDump dump;

    @BeforeAll
    static void dumpSamples() throws URISyntaxException {
        Path classes = Path.of(Circle.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        dump = ApiDump.of(classes, Circle.class.getClassLoader());
    }

    @Test
    void listsPublicTypesWithGenericSignaturesAndLeavesOutTheRest() {
        assertThat(dump.typeNames()).containsExactly(
                "org.katzenpost.apicheck.sample.Circle",
                "org.katzenpost.apicheck.sample.Circle$Nested",
                "org.katzenpost.apicheck.sample.Color",
                "org.katzenpost.apicheck.sample.Label",
                "org.katzenpost.apicheck.sample.Shape",
                "org.katzenpost.apicheck.sample.Square");
        assertThat(dump.lines()).contains(
                "public final class org.katzenpost.apicheck.sample.Circle implements java.lang.Comparable<"
                        + "org.katzenpost.apicheck.sample.Circle>, org.katzenpost.apicheck.sample.Shape {",
                "\tpublic static final int MAX",
                "\tprotected int radiusBits",
                "\tpublic <init>(double)",
                "\tpublic <T extends java.lang.Number & java.lang.Comparable<T>> java.util.List<? super T> pick("
                        + "java.util.Map<java.lang.String, ? extends T>, int...) throws java.io.IOException",
                "\tpublic int compareTo(org.katzenpost.apicheck.sample.Circle)",
                "public static class org.katzenpost.apicheck.sample.Circle$Nested {",
                "public sealed interface org.katzenpost.apicheck.sample.Shape permits "
                        + "org.katzenpost.apicheck.sample.Circle, org.katzenpost.apicheck.sample.Square {",
                "\tpublic default java.lang.String name()",
                "\tpublic double area()",
                "public record org.katzenpost.apicheck.sample.Square implements org.katzenpost.apicheck.sample.Shape {",
                "\tpublic double side()",
                "public enum org.katzenpost.apicheck.sample.Color {",
                "\tpublic static final org.katzenpost.apicheck.sample.Color RED",
                "\tpublic static org.katzenpost.apicheck.sample.Color[] values()");
        String all = String.join("\n", dump.lines());
        assertThat(all).doesNotContain("secret", "packagePrivate", "Hidden", "notApi", "lambda$",
                "compareTo(java.lang.Object)", "sample.internal.Leak {");
    }

    @Test
    void aModuleBlockListsExportsWithTheirTargetsAndTransitiveRequiresOnly() {
        ModuleDescriptor d = ModuleDescriptor.newModule("org.example.lib")
                .requires(Set.of(ModuleDescriptor.Requires.Modifier.TRANSITIVE), "org.example.base")
                .requires("org.example.hidden")
                .requires(Set.of(ModuleDescriptor.Requires.Modifier.STATIC), "org.example.optional")
                .exports("org.example.lib")
                .exports("org.example.lib.internal", Set.of("org.example.tests", "org.example.a"))
                .opens("org.example.lib.data", Set.of("org.example.json"))
                .build();
        assertThat(ApiDump.moduleBlock(d)).containsExactly(
                "module org.example.lib {",
                "\texports org.example.lib",
                "\texports org.example.lib.internal to org.example.a, org.example.tests",
                "\topens org.example.lib.data to org.example.json",
                "\trequires transitive org.example.base",
                "}");
    }

    @Test
    void aPublicTypeCarriesThePublicMembersOfASuperclassUsersCannotName() {
        List<String> lines = dump.lines();
        int start = lines.indexOf(
                "public final class org.katzenpost.apicheck.sample.Label extends org.katzenpost.apicheck.sample.Base {");
        assertThat(start).isNotNegative();
        int end = start;
        while (!lines.get(end).equals("}")) {
            end++;
        }
        List<String> block = lines.subList(start, end + 1);
        assertThat(block).containsExactly(
                "public final class org.katzenpost.apicheck.sample.Label extends org.katzenpost.apicheck.sample.Base {",
                "\tpublic static final int WIDTH",
                "\tpublic <init>()",
                "\tpublic int code()",
                "\tpublic java.lang.String label()",
                "}");
        assertThat(dump.typeNames()).doesNotContain("org.katzenpost.apicheck.sample.Base");
    }

    @Test
    void reportsPublicSignaturesThatNameInternalTypes() {
        assertThat(dump.leaks()).containsExactly(
                "org.katzenpost.apicheck.sample.Circle.leak -> org.katzenpost.apicheck.sample.internal.Leak");
        assertThat(ApiDump.isInternal("a.internal.b")).isTrue();
        assertThat(ApiDump.isInternal("a.internals")).isFalse();
    }

    @Test
    void updateWritesTheFilesAndAnUnchangedApiPasses(@TempDir Path dir) throws Exception {
        ApiCheck.verify("sample", dump, dir, true);
        assertThat(Files.readAllLines(dir.resolve("sample.api"))).isEqualTo(dump.lines());
        assertThat(Files.readAllLines(dir.resolve("sample.internal-leaks"))).isEqualTo(dump.leaks());
        ApiCheck.verify("sample", dump, dir, false);
    }

    @Test
    void aChangedApiFailsWithTheDifferenceByType(@TempDir Path dir) throws Exception {
        ApiCheck.verify("sample", dump, dir, true);
        List<String> edited = new ArrayList<>(Files.readAllLines(dir.resolve("sample.api")));
        edited.replaceAll(l -> l.equals("\tpublic <init>(double)") ? "\tpublic <init>(float)" : l);
        edited.add("public final class org.katzenpost.apicheck.sample.Gone {");
        edited.add("}");
        edited.add("");
        Files.write(dir.resolve("sample.api"), edited);
        assertThatThrownBy(() -> ApiCheck.verify("sample", dump, dir, false))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("org.katzenpost.apicheck.sample.Circle\n  - public <init>(float)\n"
                        + "  + public <init>(double)\n")
                .hasMessageContaining("org.katzenpost.apicheck.sample.Gone  (type removed)\n"
                        + "  - public final class org.katzenpost.apicheck.sample.Gone {\n")
                .hasMessageContaining("-Dapi.update=true");
    }

    @Test
    void aNewLeakAndAFixedOneBothFail(@TempDir Path dir) throws Exception {
        ApiCheck.verify("sample", dump, dir, true);
        Files.write(dir.resolve("sample.internal-leaks"), List.of("x.Y.z -> x.internal.Z"));
        assertThatThrownBy(() -> ApiCheck.verify("sample", dump, dir, false))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("  + org.katzenpost.apicheck.sample.Circle.leak -> "
                        + "org.katzenpost.apicheck.sample.internal.Leak   (new")
                .hasMessageContaining("  - x.Y.z -> x.internal.Z   (fixed");
        Files.delete(dir.resolve("sample.internal-leaks"));
        assertThatThrownBy(() -> ApiCheck.verify("sample", dump, dir, false))
                .hasMessageContaining("internal.Leak   (new");
    }

    @Test
    void aMissingDumpFails(@TempDir Path dir) {
        assertThatThrownBy(() -> ApiCheck.verify("sample", dump, dir, false))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("There is no committed API dump");
    }
}
