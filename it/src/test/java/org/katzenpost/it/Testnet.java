package org.katzenpost.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.katzenpost.thin.Dial;
import org.katzenpost.thin.ReconnectDelay;
import org.katzenpost.thin.ThinClientConfig;

/** Where the local testnet is, and how tests drive it (scripts/testnet). */
public final class Testnet {
    private Testnet() {}

    public static boolean required() {
        return "1".equals(System.getenv("KATZENPOST_IT_REQUIRED"));
    }

    public static Path configPath() {
        String env = System.getenv("KATZENPOST_THINCLIENT_CONFIG");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String dir = System.getenv().getOrDefault("KP_NET_DIR", "/tmp/kpnet");
        return Path.of(dir, "client", "thinclient.toml");
    }

    /** Null when kpclientd is reachable, else why not. */
    static String unavailableReason() {
        Path cfg = configPath();
        if (!Files.isRegularFile(cfg)) {
            return cfg + " does not exist";
        }
        try {
            Dial dial = ThinClientConfig.load(cfg).dial();
            if (!(dial instanceof Dial.Tcp)) {
                return null; // only TCP is probed; other transports are tried by the tests themselves
            }
            String address = dial.address();
            int colon = address.lastIndexOf(':');
            String host = address.substring(0, colon).replace("[", "").replace("]", "");
            int port = Integer.parseInt(address.substring(colon + 1));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 2000);
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return "kpclientd not reachable: " + e.getMessage();
        }
    }

    private static boolean healthChecked;

    /**
     * Before the first integration test in CI: {@code scripts/testnet wait} (consensus and an echo round trip,
     * restarting a stuck kpclientd once), so a network that degraded while the unit tests loaded the machine
     * is noticed and repaired up front instead of failing tests one by one. Its failure fails the suite.
     */
    static synchronized void awaitHealthyOnce() {
        if (healthChecked) {
            return;
        }
        healthChecked = true;
        if (!Files.isExecutable(repoRoot().resolve("scripts/testnet"))) {
            return;
        }
        try {
            long t0 = System.nanoTime();
            script("wait");
            System.out.println("FIGURE testnet.health_check_ms=" + (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException e) {
            throw new IllegalStateException("the testnet is not healthy: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the testnet", e);
        }
    }

    /** The testnet's config with deadlines suited to a 2-core machine running the whole network. */
    public static ThinClientConfig.Builder config() {
        return config(configPath());
    }

    /** The network directory: the parent of the main client config's directory ({@code D/client/..}). */
    public static Path netDir() {
        return configPath().toAbsolutePath().getParent().getParent();
    }

    /**
     * The thin-client config for one transport: {@code "tcp"} is the main kpclientd ({@link #configPath()}); the
     * others ({@code "unix"}, {@code "abstract"}, {@code "ws"}) are the per-transport kpclientds that
     * {@code scripts/testnet} starts, {@code D/client-<transport>/thinclient.toml} (docs/testnet.md).
     */
    public static Path transportConfigPath(String transport) {
        return "tcp".equals(transport) ? configPath()
                : netDir().resolve("client-" + transport).resolve("thinclient.toml");
    }

    /** The log of the kpclientd that {@code thinclientToml} dials ({@code kpclientd.log} next to it). */
    public static Path kpclientdLog(Path thinclientToml) {
        return thinclientToml.toAbsolutePath().getParent().resolve("kpclientd.log");
    }

    /**
     * A kpclientd for tests that put a {@link FrameTapProxy} in front of it: the unix-path instance when the network
     * runs one (no other test or tool uses it, so its log shows only this test's operations), else the main one.
     */
    public static Path proxiedConfigPath() {
        Path unix = transportConfigPath("unix");
        return Files.isRegularFile(unix) ? unix : configPath();
    }

    /** The socket address a {@link FrameTapProxy} connects to for a TCP or unix-path dial. */
    public static java.net.SocketAddress socketAddress(Dial dial) {
        if (dial instanceof Dial.Tcp tcp) {
            return new InetSocketAddress(tcp.host(), tcp.port());
        }
        if (dial instanceof Dial.Unix unix && !unix.isAbstract()) {
            return java.net.UnixDomainSocketAddress.of(unix.address());
        }
        throw new IllegalArgumentException("no proxy upstream for " + dial);
    }

    /** {@link #config()} for the kpclientd that {@code thinclientToml} dials. */
    public static ThinClientConfig.Builder config(Path thinclientToml) {
        return ThinClientConfig.load(thinclientToml).toBuilder()
                .handshakeTimeout(Duration.ofSeconds(90))
                .requestTimeout(Duration.ofMinutes(5))
                .reconnectDelay(ReconnectDelay.exponential(Duration.ofMillis(500), Duration.ofSeconds(5)));
    }

    /** The repository root (the it module's parent). */
    public static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("scripts/testnet"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("scripts/testnet not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** Runs {@code scripts/testnet ARGS} and returns its stdout; fails on a non-zero exit or after 10 minutes. */
    public static String script(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(repoRoot().resolve("scripts/testnet").toString());
        cmd.addAll(List.of(args));
        // stdout goes to a file, so the bound below holds even when the script hangs without closing it.
        Path stdout = Files.createTempFile("testnet-", ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(stdout.toFile());
        pb.environment().putIfAbsent("KP_WAIT_SECONDS", "540"); // below this method's own 10-minute bound
        Process p = pb.start();
        boolean finished = p.waitFor(10, TimeUnit.MINUTES);
        byte[] out = Files.readAllBytes(stdout);
        Files.deleteIfExists(stdout);
        if (!finished) {
            p.destroyForcibly();
            throw new IOException("scripts/testnet " + String.join(" ", args) + " did not finish in 10 minutes");
        }
        if (p.exitValue() != 0) {
            throw new IOException("scripts/testnet " + String.join(" ", args) + " exited " + p.exitValue());
        }
        return new String(out, StandardCharsets.UTF_8).trim();
    }

    /**
     * Sends a signal (e.g. "STOP", "CONT", "KILL") to kpclientd's process group; for "STOP", returns once the daemon
     * has stopped (see {@link #awaitStopped}).
     */
    public static void signalKpclientd(String signal) throws IOException, InterruptedException {
        signalGroup(signal, script("kpclientd-pid"));
    }

    /**
     * Sends a signal to process group {@code group}; for "STOP", returns once every thread of the group's leader has
     * stopped.
     */
    public static void signalGroup(String signal, String group) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + signal, "--", "-" + group).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("kill -" + signal + " -- -" + group + " failed");
        }
        if ("STOP".equals(signal)) {
            awaitStopped(group, Duration.ofSeconds(10));
        }
    }

    /**
     * Waits until every thread of process {@code pid} is stopped. kill(2) returns before a multi-threaded process has
     * stopped: one of its threads must run to stop the others, and on a busy machine the daemon's other threads go
     * on answering requests meanwhile (seen in CI: a call made right after the kill was answered).
     */
    static void awaitStopped(String pid, Duration within) throws IOException {
        // polled here rather than with Awaitility: scripts/soak compiles this class against the client jar alone
        Path tasks = Path.of("/proc", pid, "task");
        long deadline = System.nanoTime() + within.toNanos();
        while (!allStopped(tasks)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("process " + pid + " did not stop within " + within);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    /** Whether every thread under {@code tasks} (/proc/PID/task) is in state T (stopped) or t (traced). */
    private static boolean allStopped(Path tasks) throws IOException {
        try (var threads = Files.list(tasks)) {
            for (Path t : (Iterable<Path>) threads::iterator) {
                String stat;
                try {
                    stat = Files.readAllLines(t.resolve("stat"), StandardCharsets.US_ASCII).get(0);
                } catch (NoSuchFileException gone) {
                    continue; // the thread ended
                }
                // the state follows the command name in parentheses, which may itself contain ") "
                char state = stat.charAt(stat.lastIndexOf(')') + 2);
                if (state != 'T' && state != 't') {
                    return false;
                }
            }
        }
        return true;
    }
}
