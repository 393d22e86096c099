package org.katzenpost.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.thin.Dial;

/** Runs {@code katzen} in-process with captured output, a private home and working folder, and a simulator. */
final class CliHarness {
    final Path dir;
    final Path home;
    final Path cwd;
    final Map<String, String> env = new HashMap<>();
    boolean interactive;

    record Result(int code, byte[] stdoutBytes, String stderr) {
        String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + stdout() + "\n--- stderr\n" + stderr;
        }
    }

    CliHarness(Path dir) throws IOException {
        this.dir = dir;
        this.home = Files.createDirectories(dir.resolve("home"));
        this.cwd = Files.createDirectories(dir.resolve("work"));
        env.put(StoreOption.ENV, dir.resolve("store/katzen.db").toString());
    }

    CliEnvironment environment(InputStream stdin) {
        return new CliEnvironment(env, home, cwd, stdin, interactive);
    }

    Result run(String... args) {
        return runWithStdin(new byte[0], args);
    }

    Result runWithStdin(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Katzen.run(environment(new ByteArrayInputStream(stdin)), out, err, args);
        return new Result(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    /** Writes a thinclient.toml that dials {@code sim} over TCP and returns its path. */
    Path configFor(KpclientdSimulator sim) throws IOException {
        return writeConfig(((Dial.Tcp) sim.dial()).address());
    }

    Path writeConfig(String tcpAddress) throws IOException {
        Path p = dir.resolve("thinclient-" + tcpAddress.replace(':', '_') + ".toml");
        Files.writeString(p, "[Dial]\n  [Dial.Tcp]\n    Address = \"" + tcpAddress + "\"\n    Network = \"tcp\"\n");
        return p;
    }

    /** A TCP address where nothing listens. */
    static String closedPort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + s.getLocalPort();
        }
    }
}
