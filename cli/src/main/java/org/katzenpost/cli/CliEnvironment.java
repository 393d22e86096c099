package org.katzenpost.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * What the CLI takes from the process around it, so tests can run commands in-process with their own:
 * environment variables, home and working folders, standard input, and whether a terminal is attached
 * ({@link #interactive()}, asked only by the commands that need to know).
 */
public record CliEnvironment(Map<String, String> env, Path home, Path cwd, InputStream stdin, BooleanSupplier terminal) {
    private static final BooleanSupplier ATTACHED = new Fixed(true);
    private static final BooleanSupplier DETACHED = new Fixed(false);

    public CliEnvironment {
        env = Map.copyOf(env);
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(cwd, "cwd");
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(terminal, "terminal");
    }

    /** An environment where a terminal is attached, or not, as {@code interactive} says. */
    public CliEnvironment(Map<String, String> env, Path home, Path cwd, InputStream stdin, boolean interactive) {
        this(env, home, cwd, stdin, interactive ? ATTACHED : DETACHED);
    }

    /**
     * The real process: {@code System.getenv()}, {@code user.home}, {@code user.dir}, {@code System.in}, and a
     * terminal when {@code System.console() != null}, looked up when first asked: on Java 22 and newer finding
     * the console loads and instantiates the runtime's console providers, which {@code status} does not need.
     */
    public static CliEnvironment system() {
        return new CliEnvironment(System.getenv(), Path.of(System.getProperty("user.home")),
                Path.of(System.getProperty("user.dir")), System.in, new SystemConsole());
    }

    /** Whether a terminal is attached (progress bars, refusing to write binary to it or to wait for typing). */
    public boolean interactive() {
        return terminal.getAsBoolean();
    }

    public String get(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v;
    }

    /** Resolves {@code p} against the working folder of this environment. */
    public Path resolve(Path p) {
        return p.isAbsolute() ? p : cwd.resolve(p);
    }

    public CliEnvironment withStdin(InputStream in) {
        return new CliEnvironment(env, home, cwd, in, terminal);
    }

    /** A fixed answer (tests, the training run). Classes, not lambdas: see {@link SystemConsole}. */
    private record Fixed(boolean attached) implements BooleanSupplier {
        @Override
        public boolean getAsBoolean() {
            return attached;
        }
    }

    /**
     * {@code System.console() != null}, which the JDK works out once per process. A class, not a lambda or method
     * reference: one the start-up cache has not resolved is generated at run time (docs/cli.md#start-up).
     */
    private static final class SystemConsole implements BooleanSupplier {
        @Override
        public boolean getAsBoolean() {
            return System.console() != null;
        }
    }
}
