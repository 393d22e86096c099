package org.katzenpost.thin.internal.session;

import java.util.Objects;
import java.util.function.Function;
import org.katzenpost.thin.ThinClient;

/**
 * How the library's other packages (the Pigeonhole view, benchmarks) reach the {@link Session} behind a
 * {@link ThinClient} without a public accessor on it: {@code ThinClient} registers the lookup once, when its class
 * is initialised. Not API (this package is not exported).
 */
public final class SessionAccess {
    private static volatile Function<ThinClient, Session> lookup;

    private SessionAccess() {}

    /**
     * Registers the lookup; called once by {@code ThinClient}.
     *
     * @param sessionOf returns a client's session
     * @throws IllegalStateException when a lookup is already registered
     */
    public static synchronized void register(Function<ThinClient, Session> sessionOf) {
        if (lookup != null) {
            throw new IllegalStateException("session lookup already registered");
        }
        lookup = Objects.requireNonNull(sessionOf, "sessionOf");
    }

    /**
     * The session behind {@code client}.
     *
     * @param client a client
     * @return its session
     */
    public static Session of(ThinClient client) {
        Objects.requireNonNull(client, "client");
        return lookup.apply(client); // set: holding a ThinClient means its class is initialised
    }
}
