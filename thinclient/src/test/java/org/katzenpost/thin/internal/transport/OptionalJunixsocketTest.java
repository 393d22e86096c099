package org.katzenpost.thin.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

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

    /**
     * A fresh JVM with this module's class path minus junixsocket's jars: {@code @name} fails with the
     * ConfigurationException, a socket path and TCP connect. Proves that nothing else links to junixsocket.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void withoutTheJarAbstractFailsClearlyAndPathsWork() throws Exception {
        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = Arrays.asList(full.split(File.pathSeparator));
        String withoutJunixsocket = entries.stream().filter(e -> !e.contains("junixsocket"))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(entries.stream().filter(e -> e.contains("junixsocket")).count())
                .as("the test class path has junixsocket to remove").isPositive();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(withoutJunixsocket);
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
        assertThat(out).contains("probe: absent")
                .contains("abstract: ConfigurationException: cannot connect to kpclientd at unix @kp-no-junixsocket")
                .contains("com.kohlschutter.junixsocket:junixsocket-core")
                .contains("path: connected")
                .contains("tcp: connected");
    }
}
