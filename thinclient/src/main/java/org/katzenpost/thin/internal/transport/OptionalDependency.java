package org.katzenpost.thin.internal.transport;

import java.util.function.BooleanSupplier;
import org.katzenpost.thin.ConfigurationException;
import org.katzenpost.thin.Dial;

/**
 * Checks for the optional junixsocket library before an abstract-namespace connect needs it, so that a missing
 * jar is a clear {@link ConfigurationException} naming what to add rather than a {@link NoClassDefFoundError}.
 */
final class OptionalDependency {
    /** The Maven coordinates an application adds to connect to {@code @name} addresses. */
    static final String JUNIXSOCKET_COORDINATES = "com.kohlschutter.junixsocket:junixsocket-core";
    /** A class junixsocket's core jar provides. */
    static final String JUNIXSOCKET_PROBE = "org.newsclub.net.unix.AFUNIXSocket";
    /**
     * What a module-path application adds to resolve junixsocket, which the library only requires statically: its
     * classes' module and the one holding its native libraries (without that one, it cannot load them).
     */
    static final String ADD_MODULES = "--add-modules org.newsclub.net.unix,com.kohlschutter.junixsocket.nativecommon";

    private static volatile Boolean junixsocketPresent;

    private OptionalDependency() {}

    /**
     * Throws unless junixsocket can be loaded by the library's own class loader (checked once, then cached).
     *
     * @param dial the abstract-namespace address being dialled, named in the message
     * @throws ConfigurationException if junixsocket is missing
     */
    static void requireJunixsocket(Dial.Unix dial) {
        Boolean present = junixsocketPresent;
        if (present == null) {
            present = isPresent(JUNIXSOCKET_PROBE, OptionalDependency.class.getClassLoader());
            junixsocketPresent = present;
        }
        if (!present) {
            throw missingJunixsocket(dial);
        }
    }

    /**
     * Whether a class can be found by a class loader, without initialising it.
     *
     * @param className the class
     * @param loader where to look
     * @return true if the class is there
     */
    static boolean isPresent(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    static ConfigurationException missingJunixsocket(Dial.Unix dial) {
        return missingJunixsocket(dial, OptionalDependency.class.getModule().isNamed());
    }

    /**
     * The error for junixsocket not found: on the class path its jars are missing; on the module path they may
     * be there but unresolved, since this library only {@code requires static} it.
     */
    static ConfigurationException missingJunixsocket(Dial.Unix dial, boolean onModulePath) {
        String where = onModulePath
                ? "whose module org.newsclub.net.unix is not resolved (this library only requires it statically); run"
                        + " with " + ADD_MODULES + " and " + JUNIXSOCKET_COORDINATES + " (type pom, the version this"
                        + " library was built with) on the module path"
                : "which is not on the class path; add " + JUNIXSOCKET_COORDINATES + " (type pom, the version this"
                        + " library was built with) to your build";
        return new ConfigurationException("cannot connect to kpclientd at " + dial + ": a Linux abstract-namespace "
                + "socket (@name) needs the optional dependency junixsocket, " + where + ", or dial a socket path or "
                + "TCP instead");
    }

    /**
     * Throws unless junixsocket, found by {@link #requireJunixsocket}, can also be used: its classes alone
     * ({@code junixsocket-common} without {@code junixsocket-native-common}) cannot load the native library, and
     * fail with a {@link LinkageError} such as {@link UnsatisfiedLinkError} or report themselves unsupported.
     *
     * @param dial the abstract-namespace address being dialled, named in the message
     * @param supported junixsocket's own check ({@code AFUNIXSocket.isSupported()}); may throw a LinkageError
     * @throws ConfigurationException if junixsocket is not supported here or cannot be linked
     */
    static void requireUsable(Dial.Unix dial, BooleanSupplier supported) {
        boolean ok;
        try {
            ok = supported.getAsBoolean();
        } catch (LinkageError e) {
            throw unusableJunixsocket(dial, e);
        }
        if (!ok) {
            throw unusableJunixsocket(dial, null);
        }
    }

    static ConfigurationException unusableJunixsocket(Dial.Unix dial, LinkageError cause) {
        return new ConfigurationException("cannot connect to kpclientd at " + dial
                + ": a Linux abstract-namespace socket (@name) needs junixsocket with its native library, which "
                + "cannot be loaded here" + (cause == null ? "" : " (" + cause + ")") + "; depend on "
                + JUNIXSOCKET_COORDINATES + " (type pom: it brings junixsocket-native-common with the native "
                + "libraries, the version this library was built with) rather than junixsocket-common alone (on "
                + "the module path also " + ADD_MODULES + "), or dial a socket path or TCP instead", cause);
    }
}
