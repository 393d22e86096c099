package org.katzenpost.thin.internal.session;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;

/**
 * How {@link ThinClient} makes its one {@link PigeonholeClient} without a public constructor on it (further views
 * come from {@link PigeonholeClient#withTimeout}), and how tests of other modules shorten
 * {@link PigeonholeClient#readBox}'s rounds: {@code PigeonholeClient} registers both when its class is initialised.
 * Not API (this package is not exported).
 */
public final class PigeonholeAccess {
    private static volatile Function<ThinClient, PigeonholeClient> factory;
    private static volatile BiFunction<PigeonholeClient, Duration, PigeonholeClient> readRound;

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

    /**
     * Registers how to make a view with other read rounds; called once by {@code PigeonholeClient}.
     *
     * @param withReadRound makes a view like the given one whose reads go in rounds of the given length
     * @throws IllegalStateException when it is already registered
     */
    public static synchronized void registerReadRound(
            BiFunction<PigeonholeClient, Duration, PigeonholeClient> withReadRound) {
        if (readRound != null) {
            throw new IllegalStateException("pigeonhole read round already registered");
        }
        readRound = Objects.requireNonNull(withReadRound, "withReadRound");
    }

    /**
     * A view like {@code ph} whose {@link PigeonholeClient#readBox} makes a fresh envelope every {@code round}
     * instead of every {@link PigeonholeClient#READ_ROUND}: for tests, which cannot wait minutes for a round to end.
     *
     * @param ph a view; it has run {@code PigeonholeClient}'s static initialiser, which registered the factory
     * @param round the round length, positive
     * @return the new view, with {@code ph}'s deadline
     */
    public static PigeonholeClient withReadRound(PigeonholeClient ph, Duration round) {
        return readRound.apply(Objects.requireNonNull(ph, "ph"), round);
    }
}
