package org.katzenpost.it.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.katzenpost.it.Testnet;

/**
 * The faults done to kpclientd itself, through {@code scripts/testnet} (its process-group bookkeeping): SIGSTOP /
 * SIGCONT, SIGKILL, restart. Remembers a SIGSTOP so that the daemon is always continued, even when the soak is
 * stopped early.
 */
final class Faults {
    private final Path script;
    private final Path ownScript;
    private volatile String stoppedGroup;

    /**
     * @param script the {@code scripts/testnet} that started the network (signals, restarts)
     * @param ownScript this checkout's {@code scripts/testnet} (the stalled-network check, which may be newer)
     */
    Faults(Path script, Path ownScript) {
        this.script = script;
        this.ownScript = ownScript;
    }

    /** Runs {@code scripts/testnet ARGS}; its stdout, trimmed. Bounded: 3 minutes. */
    String script(String... args) throws IOException, InterruptedException {
        return run(script, args);
    }

    /** Runs this checkout's {@code scripts/testnet ARGS} ({@code stalled}, {@code heal}). */
    String ownScript(String... args) throws IOException, InterruptedException {
        return run(ownScript, args);
    }

    private static String run(Path script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(script.toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("soak-testnet-", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish in 3 minutes");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue());
            }
            return Files.readString(out, StandardCharsets.UTF_8).trim();
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Sends SIGnal ("STOP", "CONT", "KILL") to kpclientd's process group. */
    void signal(String signal) throws IOException, InterruptedException {
        String group = "STOP".equals(signal) || "KILL".equals(signal) || stoppedGroup == null
                ? script("kpclientd-pid") : stoppedGroup;
        if (!group.matches("[0-9]+")) {
            throw new IOException("kpclientd-pid printed " + group);
        }
        if ("STOP".equals(signal)) {
            stoppedGroup = group;
        }
        kill(signal, group);
        if ("CONT".equals(signal)) {
            stoppedGroup = null;
        }
    }

    private static void kill(String signal, String group) throws IOException, InterruptedException {
        Testnet.signalGroup(signal, group);
    }

    /** SIGCONT to a group this soak stopped and has not continued yet (shutdown hook, watchdog). */
    void resumeDaemonIfStopped() {
        String g = stoppedGroup;
        if (g != null) {
            try {
                kill("CONT", g);
                stoppedGroup = null;
            } catch (IOException | InterruptedException e) {
                System.err.println("soak: could not SIGCONT kpclientd group " + g + ": " + e);
            }
        }
    }
}
