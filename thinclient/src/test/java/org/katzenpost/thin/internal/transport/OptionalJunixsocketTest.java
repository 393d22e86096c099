package org.katzenpost.thin.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.katzenpost.thin.ConfigurationException;
import org.katzenpost.thin.Dial;

/**
 * junixsocket is optional: without it, an {@code @name} address is a ConfigurationException naming the Maven
 * coordinates to add, while socket paths and TCP work (JDK only).
 */
class OptionalJunixsocketTest {
    @TempDir
    Path dir;

    @Test
    void presenceCheckLooksInTheGivenClassLoader() throws IOException {
        assertThat(OptionalDependency.isPresent(OptionalDependency.JUNIXSOCKET_PROBE,
                OptionalDependency.class.getClassLoader())).isTrue();
        try (URLClassLoader bare = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            assertThat(OptionalDependency.isPresent(OptionalDependency.JUNIXSOCKET_PROBE, bare)).isFalse();
        }
    }

    @Test
    void theMissingDependencyMessageNamesTheCoordinates() {
        ConfigurationException e = OptionalDependency.missingJunixsocket(Dial.unix("@kpclientd"));
        assertThat(e.getMessage()).contains("com.kohlschutter.junixsocket:junixsocket-core")
                .contains("@kpclientd").contains("abstract");
    }

    @Test
    void onTheModulePathTheMessageSaysToAddTheModule() {
        ConfigurationException e = OptionalDependency.missingJunixsocket(Dial.unix("@kpclientd"), true);
        assertThat(e.getMessage()).contains("--add-modules org.newsclub.net.unix,com.kohlschutter.junixsocket.nativecommon")
                .contains("com.kohlschutter.junixsocket:junixsocket-core").doesNotContain("not on the class path");
        assertThat(OptionalDependency.missingJunixsocket(Dial.unix("@kpclientd"), false).getMessage())
                .contains("not on the class path");
    }

    @Test
    void junixsocketThatCannotLinkItsNativeLibraryIsAConfigurationError() {
        Dial.Unix dial = Dial.unix("@kpclientd");
        UnsatisfiedLinkError link = new UnsatisfiedLinkError("no junixsocket-native-2.10.1 in java.library.path");
        assertThatThrownBy(() -> OptionalDependency.requireUsable(dial, () -> {
            throw link;
        })).isInstanceOf(ConfigurationException.class).hasCause(link)
                .hasMessageContaining("com.kohlschutter.junixsocket:junixsocket-core")
                .hasMessageContaining("native").hasMessageContaining("--add-modules org.newsclub.net.unix")
                .hasMessageContaining("@kpclientd");
        assertThatThrownBy(() -> OptionalDependency.requireUsable(dial, () -> false))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("com.kohlschutter.junixsocket:junixsocket-core");
        OptionalDependency.requireUsable(dial, () -> true);
    }

    /**
     * A fresh JVM with this module's class path minus junixsocket's jars: {@code @name} fails with the
     * ConfigurationException, a socket path and TCP connect. Proves that nothing else links to junixsocket.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void withoutTheJarAbstractFailsClearlyAndPathsWork() throws Exception {
        String out = runWithout("junixsocket");
        assertThat(out).contains("probe: absent")
                .contains("abstract: ConfigurationException: cannot connect to kpclientd at unix @kp-no-junixsocket")
                .contains("com.kohlschutter.junixsocket:junixsocket-core")
                .contains("path: connected")
                .contains("tcp: connected");
    }

    /**
     * A fresh JVM with junixsocket-common but not junixsocket-native-common (a build that declared the jar
     * instead of the pom): its classes are there but cannot load their native library, which must be the same
     * ConfigurationException, not an UnsatisfiedLinkError.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void withoutTheNativeLibraryAbstractFailsClearly() throws Exception {
        String out = runWithout("junixsocket-native");
        assertThat(out).contains("probe: present")
                .contains("abstract: ConfigurationException: cannot connect to kpclientd at unix @kp-no-junixsocket")
                .contains("com.kohlschutter.junixsocket:junixsocket-core")
                .contains("path: connected")
                .contains("tcp: connected");
    }

    /** Runs {@link NoJunixsocketMain} with the test class path minus the entries containing {@code drop}. */
    private String runWithout(String drop) throws Exception {
        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = Arrays.asList(full.split(File.pathSeparator));
        String without = entries.stream().filter(e -> !e.contains(drop))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(entries.stream().filter(e -> e.contains(drop)).count())
                .as("the test class path has %s to remove", drop).isPositive();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(without);
        cmd.add(NoJunixsocketMain.class.getName());
        cmd.add(dir.resolve("kp.sock").toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done).as("child finished; output:%n%s", out).isTrue();
        assertThat(p.exitValue()).as("exit code; output:%n%s", out).isZero();
        return out;
    }
}
