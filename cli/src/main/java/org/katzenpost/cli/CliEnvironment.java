package org.katzenpost.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What the CLI takes from the process around it, so tests can run commands in-process with their own:
 * environment variables, home and working folders, standard input, and whether a terminal is attached.
 */
public record CliEnvironment(Map<String, String> env, Path home, Path cwd, InputStream stdin, boolean interactive) {
    public CliEnvironment {
        env = Map.copyOf(env);
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(cwd, "cwd");
        Objects.requireNonNull(stdin, "stdin");
    }

    /** The real process: {@code System.getenv()}, {@code user.home}, {@code user.dir}, {@code System.in}. */
    public static CliEnvironment system() {
        return new CliEnvironment(System.getenv(), Path.of(System.getProperty("user.home")),
                Path.of(System.getProperty("user.dir")), System.in, System.console() != null);
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
        return new CliEnvironment(env, home, cwd, in, interactive);
    }
}
