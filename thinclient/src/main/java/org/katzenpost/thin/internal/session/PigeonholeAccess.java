package org.katzenpost.thin.internal.session;

import java.util.Objects;
import java.util.function.Function;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;

/**
 * How {@link ThinClient} makes its one {@link PigeonholeClient} without a public constructor on it (further views
 * come from {@link PigeonholeClient#withTimeout}): {@code PigeonholeClient} registers its factory when its class is
 * initialised. Not API (this package is not exported).
 */
public final class PigeonholeAccess {
    private static volatile Function<ThinClient, PigeonholeClient> factory;

    private PigeonholeAccess() {}

    /**
     * Registers the factory; called once by {@code PigeonholeClient}.
     *
     * @param create makes a client's default Pigeonhole view
     * @throws IllegalStateException when a factory is already registered
     */
    public static synchronized void register(Function<ThinClient, PigeonholeClient> create) {
        if (factory != null) {
            throw new IllegalStateException("pigeonhole factory already registered");
        }
        factory = Objects.requireNonNull(create, "create");
    }

    /**
     * A new default Pigeonhole view of {@code client}, with the config's request timeout.
     *
     * @param client a client
     * @return its Pigeonhole view
     */
    public static PigeonholeClient create(ThinClient client) {
        Objects.requireNonNull(client, "client");
        if (factory == null) {
            initialise(PigeonholeClient.class); // runs its static initialiser, which registers the factory
        }
        return factory.apply(client);
    }

    private static void initialise(Class<?> type) {
        try {
            Class.forName(type.getName(), true, type.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot initialise " + type.getName(), e);
        }
    }
}
