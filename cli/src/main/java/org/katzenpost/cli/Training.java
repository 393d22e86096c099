package org.katzenpost.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.thin.Dial;

/**
 * The training run from which the distribution's class-data archive is made (docs/cli.md, "Start-up"): runs
 * the short commands people run most, in this process, against an in-process simulator of kpclientd, so the
 * classes they load are the ones the archive holds. Prints only which command ended unexpectedly, if any, and
 * then exits 1; the launcher logs that and still makes the archive from the classes that were loaded.
 *
 * <p>Run by {@code bin/katzen} when it makes an archive; not a user command.
 */
final class Training {
    private Training() {}

    /**
     * Runs the training commands; exits 0 when each ended as expected, else 1.
     *
     * @param args ignored
     * @throws IOException when the temporary configuration file cannot be written
     */
    public static void main(String[] args) throws IOException {
        System.exit(train() ? 0 : 1);
    }

    /**
     * Runs the training commands in this process.
     *
     * @return whether every command ended with the exit code expected of it
     * @throws IOException when the temporary configuration file cannot be written
     */
    static boolean train() throws IOException {
        Path dir = Files.createTempDirectory("katzen-training");
        Path config = dir.resolve("thinclient.toml");
        CliEnvironment env = new CliEnvironment(Map.of(), dir, dir, new ByteArrayInputStream(new byte[0]), false);
        boolean ok = true;
        try {
            String tcpAddress;
            try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp(0).start()) {
                tcpAddress = ((Dial.Tcp) sim.dial()).address();
                Files.writeString(config, "[Dial]\n  [Dial.Tcp]\n    Address = \"" + tcpAddress
                        + "\"\n    Network = \"tcp\"\n");
                String c = config.toString();
                ok &= expect(ExitCodes.OK, env, "status", "--config", c);
                ok &= expect(ExitCodes.OK, env, "status", "--json", "--config", c);
                ok &= expect(ExitCodes.OK, env, "pki", "--config", c);
                ok &= expect(ExitCodes.OK, env, "services", "--config", c);
                ok &= expect(ExitCodes.OK, env, "authorities", "--config", c);
            }
            // a unix socket path, the usual way to reach a local kpclientd besides TCP
            Path socket = dir.resolve("kpclientd.sock");
            try (KpclientdSimulator sim = KpclientdSimulator.builder().unixPath(socket).start()) {
                Files.writeString(config, "[Dial]\n  [Dial.Unix]\n    Address = \"" + socket + "\"\n");
                ok &= expect(ExitCodes.OK, env, "status", "--config", config.toString());
            } finally {
                Files.deleteIfExists(socket);
            }
            Files.writeString(config, "[Dial]\n  [Dial.Tcp]\n    Address = \"" + tcpAddress
                    + "\"\n    Network = \"tcp\"\n");
            // the daemon is gone now: the unreachable path and its message
            ok &= expect(ExitCodes.DAEMON_UNREACHABLE, env, "status", "--config", config.toString());
            ok &= expect(ExitCodes.OK, env, "--help");
            ok &= expect(ExitCodes.OK, env, "status", "--help");
            ok &= expect(ExitCodes.OK, env, "--version");
        } finally {
            Files.deleteIfExists(config);
            Files.deleteIfExists(dir);
        }
        return ok;
    }

    private static boolean expect(int code, CliEnvironment env, String... args) {
        OutputStream sink = OutputStream.nullOutputStream();
        int got = Katzen.run(env, sink, sink, args);
        if (got != code) {
            System.err.println("training: katzen " + String.join(" ", args) + " ended with " + got + ", not " + code);
        }
        return got == code;
    }
}
