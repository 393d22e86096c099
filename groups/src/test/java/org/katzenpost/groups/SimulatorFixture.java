package org.katzenpost.groups;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.katzenpost.store.ChannelStore;
import org.katzenpost.store.PersistentChannels;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.thin.ThinClient;

/** A kpclientd simulator and, per participant, a thin client with its own store. */
final class SimulatorFixture implements AutoCloseable {
    /** The deadline of one read that waits for its box; it is started again after it (short, to exercise that). */
    static final Duration READ_DEADLINE = Duration.ofSeconds(2);

    final KpclientdSimulator sim = KpclientdSimulator.builder().start();
    private final List<AutoCloseable> open = new ArrayList<>();

    /** One participant: a connection and a store at {@code db}. */
    final class Party implements AutoCloseable {
        final ThinClient client;
        final Path db;
        final Duration readDeadline;
        ChannelStore store;
        PersistentChannels channels;

        Party(Path db, Duration readDeadline) {
            this.db = db;
            this.readDeadline = readDeadline;
            this.client = ThinClient.connect(sim.thinClientConfigBuilder().requestTimeout(Duration.ofSeconds(10))
                    .build());
            reopen();
        }

        /** Closes the store and opens it again, as a restarted program would. */
        void reopen() {
            if (store != null) {
                store.close();
            }
            store = ChannelStore.open(db);
            channels = new PersistentChannels(store, client.pigeonhole().withTimeout(readDeadline));
        }

        @Override
        public void close() {
            store.close();
            client.close();
        }
    }

    Party party(Path db) {
        return party(db, READ_DEADLINE);
    }

    Party party(Path db, Duration readDeadline) {
        Party p = new Party(db, readDeadline);
        open.add(p);
        return p;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        sim.close();
    }

    /** Waits until {@code condition} holds, failing after {@code timeout}. */
    static void eventually(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(20))
                .until(condition::getAsBoolean);
    }
}
