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

    /** Writes a thinclient.toml that dials the unix socket at {@code socket} and returns its path. */
    Path writeUnixConfig(Path socket) throws IOException {
        Path p = dir.resolve("thinclient-unix-" + socket.getFileName() + ".toml");
        Files.writeString(p, "[Dial]\n  [Dial.Unix]\n    Address = \"" + socket + "\"\n");
        return p;
    }

    /** Ports held by {@link #closedPort()} for the life of the test JVM. */
    private static final java.util.List<java.net.Socket> HELD_PORTS = new java.util.ArrayList<>();

    /**
     * A TCP address where nothing listens, for as long as the test JVM runs: the port stays bound to a socket that
     * never listens, so a connect is refused and no simulator started by another test can take the port (a port
     * merely freed again could be, and then "unreachable" would reach a daemon).
     */
    static synchronized String closedPort() throws IOException {
        java.net.Socket s = new java.net.Socket();
        s.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
        HELD_PORTS.add(s);
        return "127.0.0.1:" + s.getLocalPort();
    }
}
