package org.katzenpost.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.katzenpost.cli.internal.ConsoleLogging;
import org.katzenpost.store.StoreException;
import org.katzenpost.thin.ConfigurationException;
import org.katzenpost.thin.DaemonConnectionException;
import org.katzenpost.thin.OfflineException;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.ThinClientConfig;
import org.katzenpost.thin.ThinClientException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code katzen}: the command-line tool of the Java thin client. Run {@code katzen --help}; every command is
 * documented in docs/cli.md.
 */
@Command(name = "katzen",
        mixinStandardHelpOptions = true,
        versionProvider = Katzen.Version.class,
        description = "Talk to the Katzenpost mixnet through the client daemon kpclientd.",
        synopsisSubcommandLabel = "COMMAND",
        footer = {
            "",
            "Exit codes:",
            "  0  success",
            "  1  failure (the message says what went wrong)",
            "  2  usage error: bad option, argument or configuration file",
            "  3  kpclientd unreachable (not running, or the config points elsewhere)",
            "  4  timed out waiting for the daemon or the mixnet",
            "  5  kpclientd is up but has no connection to the mixnet (offline)",
            "",
            "Configuration: --config PATH, else $KATZENPOST_THINCLIENT_CONFIG, else",
            "~/.config/katzenpost/thinclient.toml, else ./thinclient.toml.",
            "New here? Run `katzen demo` (works without a daemon). Manual: docs/cli.md",
        })
public final class Katzen implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "PATH", scope = ScopeType.INHERIT,
            description = "thinclient.toml of the kpclientd to use (default: $KATZENPOST_THINCLIENT_CONFIG, else "
                    + "~/.config/katzenpost/thinclient.toml, else ./thinclient.toml)")
    Path config;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "log what the library does to stderr (-v debug, -vv trace)")
    boolean[] verbose = new boolean[0];

    @Option(names = "--timeout", paramLabel = "DURATION", scope = ScopeType.INHERIT,
            converter = DurationConverter.class,
            description = "deadline of each request to the daemon, e.g. 30s, 2m (default: 60s)")
    Duration timeout;

    final CliEnvironment env;
    final OutputStream rawOut;
    private final PrintWriter out;
    private final PrintWriter err;

    Katzen(CliEnvironment env, OutputStream rawOut, PrintWriter out, PrintWriter err) {
        this.env = env;
        this.rawOut = rawOut;
        this.out = out;
        this.err = err;
    }

    @Override
    public void run() {
        throw CommandParser.missingCommand(spec);
    }

    /** Clients of this process, closed by the shutdown hook (Ctrl-C) so the daemon stops their work at once. */
    private static final java.util.Set<ThinClient> OPEN =
            java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>()));

    /**
     * Closes the clients still open when the process ends (thin_close: the daemon drops our in-flight resending;
     * a rerun resumes). A class, not a lambda: the training run of the start-up cache (docs/cli.md#start-up) does
     * not go through {@code main}, and a lambda the cache has not resolved is generated at run time, which made
     * the JVM set up its class-file generator for every command.
     */
    private static final class CloseOnExit extends Thread {
        CloseOnExit() {
            super("katzen-shutdown");
        }

        @Override
        public void run() {
            synchronized (OPEN) {
                for (ThinClient c : OPEN) {
                    try {
                        c.close();
                    } catch (RuntimeException ignored) {
                        // exiting anyway
                    }
                }
            }
        }
    }

    public static void main(String[] args) {
        prepareProcess();
        Runtime.getRuntime().addShutdownHook(new CloseOnExit());
        PrintStream stdout = System.out;
        int code = run(CliEnvironment.system(), stdout, System.err, args);
        // System.exit looks up a System.Logger to log the exit, and finding the JDK's logging backend opens every
        // jar on the class path. Ending main ends the process the same way (shutdown hooks included) without that,
        // once no other thread can keep the JVM alive.
        if (code != ExitCodes.OK || otherLiveThreadKeepsTheJvmAlive()) {
            System.exit(code);
        }
    }

    /**
     * What {@code main} sets up for the process besides running the command. The training run of the start-up
     * archive does it too, so the classes it uses are in the archive (one that is not is read from its jar, which
     * costs the opening of the jar).
     */
    static void prepareProcess() {
        useConsoleLogging();
    }

    /**
     * Names the tool's SLF4J binding ({@link ConsoleLogging}) to SLF4J, unless the JVM was started with another:
     * finding it through {@link java.util.ServiceLoader} opens every jar on the class path, a good part of a
     * short command's start-up (docs/performance.md, "CLI start-up"). SLF4J says at its INFO level that it took the
     * binding named, so its own messages start at WARN, unless set too. Not done by {@link #run}, which tests call in
     * a JVM that may have set up SLF4J already.
     */
    private static void useConsoleLogging() {
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", ConsoleLogging.class.getName());
            if (System.getProperty("slf4j.internal.verbosity") == null) {
                System.setProperty("slf4j.internal.verbosity", "WARN");
            }
        }
    }

    /** Whether a live non-daemon thread besides this one would keep the JVM running after main returns. */
    private static boolean otherLiveThreadKeepsTheJvmAlive() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] live = new Thread[root.activeCount() + 16];
        int n = root.enumerate(live, true);
        if (n == live.length) {
            return true; // more than counted a moment ago: do not guess
        }
        for (int i = 0; i < n; i++) {
            if (live[i] != Thread.currentThread() && !live[i].isDaemon()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code katzen args} in this process and returns the exit code. Text goes to {@code out} and
     * {@code err}; binary output (e.g. {@code pki --raw}, {@code receive -o -}) also to {@code out}.
     */
    public static int run(CliEnvironment env, OutputStream out, OutputStream err, String... args) {
        PrintWriter o = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter e = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        Katzen root = new Katzen(env, out, o, e);
        StatusCommand plain = plainStatus(root, args);
        int code = plain != null ? runWithoutParser(root, plain) : CommandParser.execute(root, o, e, args);
        o.flush();
        e.flush();
        return code;
    }

    /** Prints what went wrong with a command to stderr (a stack trace with -v for unexpected failures). */
    int reportFailure(Exception ex) {
        int code = exitCodeOf(ex);
        err.println("katzen: " + messageOf(ex));
        if (verbose.length > 0 && code == ExitCodes.FAILURE && !(ex instanceof CliException)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /**
     * {@code status} with nothing but its own and the common options ({@code --config}, {@code --timeout},
     * {@code -v}, {@code --json}, {@code --stats}, each at most once), set up without picocli: building the
     * command-line model by reflection took a good part of the command's start-up (docs/performance.md,
     * "CLI start-up"), and status is what scripts and people poll. {@code null} for anything else (help,
     * version, another command, a repeated, unknown or malformed option), which picocli then handles as always.
     */
    static StatusCommand plainStatus(Katzen root, String[] args) {
        StatusCommand status = null;
        String config = null;
        String timeout = null;
        int verbose = -1;
        boolean json = false;
        boolean stats = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a;
            String value = null;
            if (a.startsWith("--config=") || a.startsWith("--timeout=")) {
                name = a.substring(0, a.indexOf('='));
                value = a.substring(a.indexOf('=') + 1);
            } else if (a.equals("--config") || a.equals("--timeout")) {
                if (i + 1 == args.length) {
                    return null;
                }
                value = args[++i];
            }
            if (value != null && (value.isEmpty() || value.startsWith("-"))) {
                return null;
            }
            if (name.equals("status") && status == null) {
                status = new StatusCommand();
            } else if (name.equals("--config") && config == null) {
                config = value;
            } else if (name.equals("--timeout") && timeout == null) {
                timeout = value;
            } else if ((name.equals("--verbose") || isVerboseCluster(name)) && verbose < 0) {
                verbose = name.startsWith("--") ? 1 : name.length() - 1;
            } else if (name.equals("--json") && !json && status != null) {
                json = true;
            } else if (name.equals("--stats") && !stats && status != null) {
                stats = true;
            } else {
                return null;
            }
        }
        if (status == null) {
            return null;
        }
        if (timeout != null) {
            try {
                root.timeout = parseDuration(timeout);
            } catch (RuntimeException badDuration) {
                return null; // picocli says what is wrong with it
            }
        }
        try {
            root.config = config == null ? null : Path.of(config);
        } catch (java.nio.file.InvalidPathException badPath) {
            return null;
        }
        root.verbose = new boolean[Math.max(verbose, 0)];
        status.root = root;
        status.json = json;
        status.stats = stats;
        return status;
    }

    /** {@code -v}, {@code -vv}, ...: picocli's clustered form of the repeatable verbose flag. */
    private static boolean isVerboseCluster(String a) {
        if (a.length() < 2 || a.charAt(0) != '-') {
            return false;
        }
        for (int i = 1; i < a.length(); i++) {
            if (a.charAt(i) != 'v') {
                return false;
            }
        }
        return true;
    }

    /** Runs a command set up by {@link #plainStatus}, with the same logging and failure handling as picocli's. */
    private static int runWithoutParser(Katzen root, StatusCommand status) {
        root.configureLogging();
        try {
            return status.call();
        } catch (RuntimeException ex) {
            return root.reportFailure(ex);
        }
    }

    static int exitCodeOf(Throwable t) {
        Throwable c = t;
        while (c != null) {
            if (c instanceof CliException ce) {
                return ce.exitCode();
            }
            if (c instanceof DaemonConnectionException) {
                return ExitCodes.DAEMON_UNREACHABLE;
            }
            if (c instanceof RequestTimeoutException) {
                return ExitCodes.TIMEOUT;
            }
            if (c instanceof OfflineException) {
                return ExitCodes.OFFLINE;
            }
            if (c instanceof ConfigurationException) {
                return ExitCodes.USAGE;
            }
            if (c instanceof ThinClientException || c instanceof StoreException) {
                return ExitCodes.FAILURE;
            }
            c = c.getCause();
        }
        return ExitCodes.FAILURE;
    }

    static String messageOf(Throwable t) {
        if (t instanceof UncheckedIOException u) {
            t = u.getCause();
        }
        String m = t.getMessage();
        if (t instanceof IOException && !(t instanceof java.nio.file.FileSystemException)) {
            return "I/O error: " + (m == null ? t.getClass().getSimpleName() : m);
        }
        if (t instanceof java.nio.file.NoSuchFileException) {
            return "no such file: " + m;
        }
        if (t instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + m;
        }
        if (t instanceof java.nio.file.FileAlreadyExistsException f) {
            return (f.getFile() == null ? m : f.getFile()) + " already exists; not overwriting it (pass --force"
                    + " where offered, or choose another name)";
        }
        if (t instanceof RequestTimeoutException) {
            return m + " (raise --timeout, or check the mixnet with `katzen status`)";
        }
        if (t instanceof OfflineException) {
            return m + " — kpclientd is up but not connected to the mixnet; check its log and network";
        }
        return m == null ? t.toString() : m;
    }

    // ------------------------------------------------------------------ shared services for commands

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    Duration requestTimeout() {
        return timeout == null ? Duration.ofSeconds(60) : timeout;
    }

    /** The deadline of each mixnet call of a transfer: --timeout, else 10 minutes. */
    Duration mixnetTimeout() {
        return timeout != null ? timeout : Duration.ofMinutes(10);
    }

    /** The configuration file to use, if any (see {@link ConfigLocator}). */
    Optional<ConfigLocator.Located> locateConfig() {
        return ConfigLocator.locate(config, env);
    }

    /** The located config, or a {@link CliException} (3) that says where we looked and what to do. */
    ConfigLocator.Located requireConfig() {
        return locateConfig().orElseThrow(() -> new CliException(ExitCodes.DAEMON_UNREACHABLE,
                "no kpclientd configuration found (looked for --config, $" + ConfigLocator.ENV + ", "
                        + ConfigLocator.userConfig(env) + ", " + env.cwd().resolve("thinclient.toml")
                        + "). Pass --config PATH to your thinclient.toml, or run `katzen demo` to try a simulated"
                        + " mixnet."));
    }

    ThinClientConfig clientConfig(ConfigLocator.Located located) {
        ThinClientConfig base = ThinClientConfig.load(located.path());
        return base.toBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .requestTimeout(requestTimeout())
                .build();
    }

    /** Connects to the daemon named by the configuration; failures carry a message that says what to do. */
    ThinClient connect() {
        ConfigLocator.Located located = requireConfig();
        return connect(clientConfig(located), located.describe());
    }

    static ThinClient connect(ThinClientConfig cfg, String configDescription) {
        try {
            ThinClient client = ThinClient.connect(cfg);
            OPEN.add(client);
            return client;
        } catch (DaemonConnectionException e) {
            throw new CliException(ExitCodes.DAEMON_UNREACHABLE, "cannot reach kpclientd at "
                    + cfg.dial() + " — is it running? Start it, or pass --config to the right"
                    + " thinclient.toml (using " + configDescription + "): " + e.getMessage(), e);
        } catch (RequestTimeoutException e) {
            throw new CliException(ExitCodes.TIMEOUT, "kpclientd at " + cfg.dial()
                    + " accepted the connection but did not complete the handshake in time: " + e.getMessage()
                    + ". Is it overloaded, or still starting up?", e);
        }
    }

    /** Binary output, flushed after whatever text went before it. */
    OutputStream rawOut() {
        out().flush();
        return rawOut;
    }

    /** Sets the console log level: off unless -v (debug) or -vv (trace). The library logs through SLF4J only. */
    void configureLogging() {
        ConsoleLogging.setLevel(switch (verbose.length) {
            case 0 -> null;
            case 1 -> org.slf4j.event.Level.DEBUG;
            default -> org.slf4j.event.Level.TRACE;
        });
    }

    /** {@link #parseDuration} for picocli, whose message for a {@link CommandLine.TypeConversionException} is ours. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return parseDuration(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /**
     * Parses durations like {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, or plain seconds.
     *
     * @throws IllegalArgumentException (not picocli's exception: this class names no picocli type in its code, see
     *     {@link CommandParser}) when {@code value} is not a positive duration
     */
    static Duration parseDuration(String value) {
        String v = value.strip().toLowerCase(java.util.Locale.ROOT);
        try {
            Duration d;
            if (v.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (v.endsWith("s")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            } else if (v.endsWith("m")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60_000));
            } else if (v.endsWith("h")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 3_600_000));
            } else {
                d = Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
            }
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("must be positive: " + value);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: '" + value
                    + "' (use e.g. 500ms, 30s, 2m, 1h)");
        }
    }

    /** Version from the jar manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Katzen.class.getPackage().getImplementationVersion();
            return new String[] {"katzen " + (v == null ? "0.1.0-SNAPSHOT" : v)
                    + " (Java thin client for Katzenpost; Java " + System.getProperty("java.version") + ")"};
        }
    }
}
