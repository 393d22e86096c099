package org.katzenpost.store;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.testkit.RecordedRequest;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.pigeonhole.Keypair;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.pigeonhole.ReadCap;
import org.katzenpost.thin.stats.RequestKind;

/**
 * The kpclientd simulator with small boxes (64 bytes of plaintext: 60 payload bytes per copy destination box, so
 * a few hundred bytes span many boxes and many steps) and a thin client connected to it, for the store's tests
 * over the real Pigeonhole API; plus what a test checks the replicas with.
 */
final class SimulatedDaemon implements AutoCloseable {
    /** Plaintext bytes per box. */
    static final int MAX_PLAINTEXT = 64;
    /** Payload bytes per destination box of a copy stream. */
    static final int COPY_BOX = MAX_PLAINTEXT - 4;
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    final KpclientdSimulator sim = KpclientdSimulator.builder().maxPlaintextPayloadLength(MAX_PLAINTEXT)
            .pigeonholeLatency(Duration.ZERO).start();
    private final List<ThinClient> clients = new ArrayList<>();
    /** The main connection's Pigeonhole API (deadline 10 s). */
    final PigeonholeClient ph = connect();
    /** The store's own calls over {@link #ph}, so a test reads a box the way the store does. */
    private final DaemonCalls calls = DaemonCalls.over(ph);

    /** Another connection's Pigeonhole API (deadline 10 s), closed with this. */
    PigeonholeClient connect() {
        ThinClient c = ThinClient.connect(sim.thinClientConfigBuilder().requestTimeout(DEADLINE).build());
        clients.add(c);
        return c.pigeonhole();
    }

    Keypair newKeypair() {
        return ph.sync().newKeypair(PigeonholeClient.randomSeed());
    }

    MessageBoxIndex next(MessageBoxIndex index) {
        return ph.sync().nextMessageBoxIndex(index);
    }

    /** The box, read once: its plaintext (empty for a tombstone), or empty if it is not written. */
    Optional<byte[]> box(ReadCap cap, MessageBoxIndex index) {
        return Optional.ofNullable(calls.readNoRetry(cap, index));
    }

    /** The written boxes of {@code kp}'s stream from its first on, as far as they go. */
    List<byte[]> boxes(Keypair kp) {
        List<byte[]> out = new ArrayList<>();
        MessageBoxIndex idx = kp.firstIndex();
        Optional<byte[]> b;
        while ((b = box(kp.readCap(), idx)).isPresent()) {
            out.add(b.get());
            idx = next(idx);
        }
        return out;
    }

    /** Every written box of {@code kp}'s stream, concatenated. */
    byte[] contents(Keypair kp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boxes(kp).forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** How many requests of {@code kind} the simulator received on any connection. */
    int count(RequestKind kind) {
        return sim.requests(kind).size();
    }

    /** The most requests of {@code kind} received on {@code connections} within any span shorter than {@code span}. */
    int mostWithin(RequestKind kind, List<Long> connections, Duration span) {
        List<Instant> at = sim.requests(kind).stream().filter(r -> connections.contains(r.connectionId()))
                .map(RecordedRequest::receivedAt).sorted().toList();
        int most = 0;
        int from = 0;
        for (int i = 0; i < at.size(); i++) {
            while (Duration.between(at.get(from), at.get(i)).compareTo(span) >= 0) {
                from++;
            }
            most = Math.max(most, i - from + 1);
        }
        return most;
    }

    @Override
    public void close() {
        clients.forEach(ThinClient::close);
        sim.close();
    }
}
