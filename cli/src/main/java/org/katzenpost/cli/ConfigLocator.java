package org.katzenpost.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds {@code thinclient.toml}: {@code --config PATH}, else {@code $KATZENPOST_THINCLIENT_CONFIG}, else
 * {@code ~/.config/katzenpost/thinclient.toml}, else {@code ./thinclient.toml}. An explicit path (option or
 * variable) must exist; the two default places are used only when they do.
 */
public final class ConfigLocator {
    public static final String ENV = "KATZENPOST_THINCLIENT_CONFIG";

    /** Where the configuration came from. */
    public enum Source { OPTION, ENVIRONMENT, USER_CONFIG, WORKING_DIRECTORY }

    public record Located(Path path, Source source) {
        public String describe() {
            return switch (source) {
                case OPTION -> path + " (--config)";
                case ENVIRONMENT -> path + " ($" + ENV + ")";
                case USER_CONFIG -> path + " (user configuration)";
                case WORKING_DIRECTORY -> path + " (working directory)";
            };
        }
    }

    private ConfigLocator() {}

    /** The places looked at, in order, for messages. */
    public static List<Path> candidates(CliEnvironment env) {
        List<Path> out = new ArrayList<>();
        out.add(userConfig(env));
        out.add(env.cwd().resolve("thinclient.toml"));
        return out;
    }

    static Path userConfig(CliEnvironment env) {
        return env.home().resolve(".config").resolve("katzenpost").resolve("thinclient.toml");
    }

    /**
     * The configuration file to use, or empty when none was given and neither default place has one.
     *
     * @throws CliException (usage) when the option or the variable names a file that does not exist
     */
    public static Optional<Located> locate(Path option, CliEnvironment env) {
        if (option != null) {
            Path p = env.resolve(option);
            if (!Files.isRegularFile(p)) {
                throw new CliException(ExitCodes.USAGE, "configuration file " + p + " (--config) does not exist");
            }
            return Optional.of(new Located(p, Source.OPTION));
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null) {
            Path p = env.resolve(Path.of(fromEnv));
            if (!Files.isRegularFile(p)) {
                throw new CliException(ExitCodes.USAGE, "configuration file " + p + " ($" + ENV
                        + ") does not exist; fix the variable or unset it");
            }
            return Optional.of(new Located(p, Source.ENVIRONMENT));
        }
        Path user = userConfig(env);
        if (Files.isRegularFile(user)) {
            return Optional.of(new Located(user, Source.USER_CONFIG));
        }
        Path local = env.cwd().resolve("thinclient.toml");
        if (Files.isRegularFile(local)) {
            return Optional.of(new Located(local, Source.WORKING_DIRECTORY));
        }
        return Optional.empty();
    }
}
