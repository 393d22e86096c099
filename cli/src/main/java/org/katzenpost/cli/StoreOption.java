package org.katzenpost.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --store PATH}: the channel database; else $KATZEN_STORE, else $XDG_DATA_HOME/katzenpost/katzen.db. */
final class StoreOption {
    static final String ENV = "KATZEN_STORE";

    @Option(names = "--store", paramLabel = "DB",
            description = "channel database that makes transfers resumable (default: $KATZEN_STORE, else "
                    + "$XDG_DATA_HOME/katzenpost/katzen.db, else ~/.local/share/katzenpost/katzen.db)")
    Path store;

    Path resolve(CliEnvironment env) {
        if (store != null) {
            return env.resolve(store);
        }
        String e = env.get(ENV);
        if (e != null) {
            return env.resolve(Path.of(e));
        }
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null ? env.resolve(Path.of(xdg)) : env.home().resolve(".local").resolve("share");
        return base.resolve("katzenpost").resolve("katzen.db");
    }
}
