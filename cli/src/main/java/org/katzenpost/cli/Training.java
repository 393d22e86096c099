package org.katzenpost.cli;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The training run from which the distribution's class-data archive is made (docs/cli.md, "Start-up"): runs
 * the short commands people run most, in this process, against an in-process simulator of kpclientd, so the
 * classes they load are the ones the archive holds. The simulator runs in a class loader of its own
 * ({@link TrainingDaemon}), which keeps its classes out of the archive. With the argument {@code status} it runs
 * plain {@code status} alone, for the archive the launcher keeps for that command on Java 24+. Prints only which command ended unexpectedly, if any, and
 * then exits 1; the launcher logs that and still makes the archive from the classes that were loaded.
 *
 * <p>Run by {@code bin/katzen} when it makes an archive; not a user command.
 */
final class Training {
    private Training() {}

    /**
     * Runs the training commands; exits 0 when each ended as expected, else 1.
     *
     * @param args none for every training command; {@code status} for plain {@code status} alone (the launcher's
     *     archive for that command)
     * @throws IOException when the temporary configuration file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Katzen.prepareProcess(); // as katzen's main does
        System.exit(train(args.length > 0 && args[0].equals("status")) ? 0 : 1);
    }

    /**
     * Runs the training commands in this process.
     *
     * @param statusOnly only the plain {@code status} ones (over TCP, {@code --json}, a unix socket path, and
     *     unreachable), not {@code pki}, {@code services}, {@code authorities}, help or version
     * @return whether every command ended with the exit code expected of it
     * @throws IOException when the temporary configuration file cannot be written
     */
    static boolean train(boolean statusOnly) throws IOException {
        Path dir = Files.createTempDirectory("katzen-training");
        Path config = dir.resolve("thinclient.toml");
        CliEnvironment env = new CliEnvironment(Map.of(), dir, dir, new ByteArrayInputStream(new byte[0]), false);
        boolean ok = true;
        // what main does besides running a command, so its classes are in the archive too (without it, the one
        // class left out made every command open a jar at start-up)
        CliEnvironment.system();
        try (URLClassLoader daemons = new URLClassLoader("training-daemon", classPath(),
                ClassLoader.getPlatformClassLoader())) {
            String tcpAddress;
            try (Daemon sim = new Daemon(daemons, null)) {
                tcpAddress = sim.address();
                Files.writeString(config, "[Dial]\n  [Dial.Tcp]\n    Address = \"" + tcpAddress
                        + "\"\n    Network = \"tcp\"\n");
                String c = config.toString();
                ok &= expect(ExitCodes.OK, env, "status", "--config", c);
                ok &= expect(ExitCodes.OK, env, "status", "--json", "--config", c);
                if (!statusOnly) {
                    ok &= expect(ExitCodes.OK, env, "pki", "--config", c);
                    ok &= expect(ExitCodes.OK, env, "services", "--config", c);
                    ok &= expect(ExitCodes.OK, env, "authorities", "--config", c);
                }
            }
            // a unix socket path, the usual way to reach a local kpclientd besides TCP
            Path socket = dir.resolve("kpclientd.sock");
            try (Daemon sim = new Daemon(daemons, socket.toString())) {
                Files.writeString(config, "[Dial]\n  [Dial.Unix]\n    Address = \"" + socket + "\"\n");
                ok &= expect(ExitCodes.OK, env, "status", "--config", config.toString());
            } finally {
                Files.deleteIfExists(socket);
            }
            Files.writeString(config, "[Dial]\n  [Dial.Tcp]\n    Address = \"" + tcpAddress
                    + "\"\n    Network = \"tcp\"\n");
            // the daemon is gone now: the unreachable path and its message
            ok &= expect(ExitCodes.DAEMON_UNREACHABLE, env, "status", "--config", config.toString());
            if (!statusOnly) {
                ok &= expect(ExitCodes.OK, env, "--help");
                ok &= expect(ExitCodes.OK, env, "status", "--help");
                ok &= expect(ExitCodes.OK, env, "--version");
            }
        } finally {
            Files.deleteIfExists(config);
            Files.deleteIfExists(dir);
        }
        return ok;
    }

    /** This process's class path, for the simulator's own class loader. */
    private static URL[] classPath() throws IOException {
        String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
        URL[] urls = new URL[entries.length];
        for (int i = 0; i < entries.length; i++) {
            urls[i] = Path.of(entries[i]).toUri().toURL();
        }
        return urls;
    }

    /** A {@link TrainingDaemon} made in {@code loader}, seen through the JDK's interfaces it implements. */
    private static final class Daemon implements AutoCloseable {
        private final Supplier<?> address;
        private final AutoCloseable running;

        Daemon(ClassLoader loader, String unixSocket) throws IOException {
            try {
                Object d = loader.loadClass(TrainingDaemon.class.getName()).getConstructor(String.class)
                        .newInstance(unixSocket);
                address = (Supplier<?>) d;
                running = (AutoCloseable) d;
            } catch (ReflectiveOperationException e) {
                throw new IOException("cannot start the training run's simulator", e);
            }
        }

        String address() {
            return (String) address.get();
        }

        @Override
        public void close() throws IOException {
            try {
                running.close();
            } catch (Exception e) {
                throw new IOException("cannot stop the training run's simulator", e);
            }
        }
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
