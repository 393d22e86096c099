package org.katzenpost.thin.internal.transport;

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
        return new ConfigurationException("cannot connect to kpclientd at " + dial + ": a Linux abstract-namespace "
                + "socket (@name) needs the optional dependency junixsocket, which is not on the class path; add "
                + JUNIXSOCKET_COORDINATES + " (type pom, the version this library was built with) to your "
                + "build, or dial a socket path or TCP instead");
    }
}
