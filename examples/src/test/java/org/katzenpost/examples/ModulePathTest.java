package org.katzenpost.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's modules as an application on the module path sees them (the other tests run on the class path,
 * where nothing is sealed): an application module that requires them compiles and runs a call against the
 * simulator, and one that imports an internal package does not compile (docs/api.md §1, "Sealed internals").
 */
class ModulePathTest {
    /** The modules an application of the library and its testkit resolves. */
    private static final Set<String> MODULES = Set.of("org.katzenpost.thin", "org.katzenpost.testkit",
            "org.katzenpost.store", "org.katzenpost.groups", "org.slf4j", "org.newsclub.net.unix",
            "org.java_websocket", "org.xerial.sqlitejdbc");

    @TempDir
    static Path dir;
    private static String modulePath;

    @BeforeAll
    static void findTheModules() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (!Files.exists(p)) {
                continue;
            }
            for (ModuleReference m : ModuleFinder.of(p).findAll()) {
                if (MODULES.contains(m.descriptor().name())) {
                    entries.add(entry);
                }
            }
        }
        modulePath = String.join(File.pathSeparator, entries);
    }

    private static Path source(String module, String file, String text) throws IOException {
        Path p = dir.resolve("src").resolve(module).resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    /** javac's exit code; its messages in {@code out}. */
    private static int compile(String module, ByteArrayOutputStream out, Path... sources) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assumeThat(javac).as("a JDK, not a JRE").isNotNull();
        // an empty class path: in process, javac would otherwise take this JVM's, where nothing is sealed
        List<String> args = new ArrayList<>(List.of("--module-path", modulePath, "--class-path",
                dir.resolve("no-class-path").toString(), "-d", dir.resolve("out").resolve(module).toString()));
        for (Path s : sources) {
            args.add(s.toString());
        }
        return javac.run(null, out, out, args.toArray(String[]::new));
    }

    @Test
    void anApplicationModuleConnectsThroughTheLibrarysModules() throws Exception {
        Path info = source("app", "module-info.java",
                "module app { requires org.katzenpost.testkit; requires org.katzenpost.groups; }");
        Path main = source("app", "app/Main.java", """
                package app;

                import org.katzenpost.testkit.KpclientdSimulator;
                import org.katzenpost.thin.ThinClient;
                import org.katzenpost.thin.pigeonhole.PigeonholeClient;

                public class Main {
                    public static void main(String[] args) {
                        try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp().start();
                                ThinClient client = ThinClient.connect(sim.thinClientConfig())) {
                            var keypair = client.pigeonhole().sync().newKeypair(PigeonholeClient.randomSeed());
                            System.out.println("state " + client.connectionState());
                            System.out.println("keypair " + (keypair.readCap() != null));
                            System.out.println("module " + ThinClient.class.getModule().getName());
                        }
                    }
                }
                """);
        ByteArrayOutputStream javacOut = new ByteArrayOutputStream();
        assertThat(compile("app", javacOut, info, main)).as(javacOut.toString(StandardCharsets.UTF_8)).isZero();

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--module-path",
                modulePath + File.pathSeparator + dir.resolve("out").resolve("app"), "-m", "app/app.Main")
                .redirectErrorStream(true).start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ended).as("the application ended within 60 s: %s", out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("state CONNECTED").contains("keypair true").contains("module org.katzenpost.thin");
    }

    @Test
    void anApplicationModuleCannotUseTheInternalPackages() throws Exception {
        Path info = source("nosy", "module-info.java", "module nosy { requires org.katzenpost.testkit; }");
        Path main = source("nosy", "nosy/Main.java", """
                package nosy;

                public class Main {
                    public static void main(String[] args) {
                        System.out.println(org.katzenpost.thin.internal.Hashes.BLAKE2B_256_LENGTH);
                    }
                }
                """);
        ByteArrayOutputStream javacOut = new ByteArrayOutputStream();
        int code = compile("nosy", javacOut, info, main);
        String messages = javacOut.toString(StandardCharsets.UTF_8);
        assertThat(code).as(messages).isNotZero();
        assertThat(messages).contains("org.katzenpost.thin.internal").contains("does not export");
    }
}
