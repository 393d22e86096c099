package org.katzenpost.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the simulator departs from kpclientd's handshake on one connection: actions at {@link HandshakeStep}s
 * and changes to the two handshake frames. Install with {@link KpclientdSimulator#scriptNextConnection} (used
 * by the next accepted connection only) or {@link KpclientdSimulator#scriptEveryConnection}.
 *
 * <pre>{@code
 * sim.scriptNextConnection(ConnectionScript.builder()
 *         .delay(HandshakeStep.BEFORE_F1, Duration.ofSeconds(2))
 *         .at(HandshakeStep.AFTER_F2, Misbehaviour.malformedFrame())
 *         .build());
 * }</pre>
 *
 * Immutable and reusable.
 */
public final class ConnectionScript {
    /** The script of a well-behaved daemon: no actions, both geometries, F1 before F2. */
    public static final ConnectionScript NORMAL = builder().build();

    private final Map<HandshakeStep, List<Misbehaviour>> actions;
    private final boolean pkiFirst;
    private final boolean omitSphinxGeometry;
    private final boolean omitPigeonholeGeometry;

    private ConnectionScript(Builder b) {
        EnumMap<HandshakeStep, List<Misbehaviour>> m = new EnumMap<>(HandshakeStep.class);
        b.actions.forEach((k, v) -> m.put(k, List.copyOf(v)));
        this.actions = Collections.unmodifiableMap(m);
        this.pkiFirst = b.pkiFirst;
        this.omitSphinxGeometry = b.omitSphinxGeometry;
        this.omitPigeonholeGeometry = b.omitPigeonholeGeometry;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Shortcut: close the socket at {@code step}. */
    public static ConnectionScript closeAt(HandshakeStep step) {
        return builder().closeAt(step).build();
    }

    /** The actions to carry out at {@code step}, in order (empty when none). */
    public List<Misbehaviour> actionsAt(HandshakeStep step) {
        return actions.getOrDefault(step, List.of());
    }

    /** Whether the PKI frame goes out before the status frame. */
    public boolean pkiFirst() {
        return pkiFirst;
    }

    public boolean omitSphinxGeometry() {
        return omitSphinxGeometry;
    }

    public boolean omitPigeonholeGeometry() {
        return omitPigeonholeGeometry;
    }

    @Override
    public String toString() {
        return "ConnectionScript[actions=" + actions + ", pkiFirst=" + pkiFirst + ", omitSphinxGeometry="
                + omitSphinxGeometry + ", omitPigeonholeGeometry=" + omitPigeonholeGeometry + "]";
    }

    /** Builder; not thread-safe. */
    public static final class Builder {
        private final Map<HandshakeStep, List<Misbehaviour>> actions = new EnumMap<>(HandshakeStep.class);
        private boolean pkiFirst;
        private boolean omitSphinxGeometry;
        private boolean omitPigeonholeGeometry;

        private Builder() {}

        /** Carry out {@code what} at {@code step} (after anything added before for that step). */
        public Builder at(HandshakeStep step, Misbehaviour... what) {
            Objects.requireNonNull(step, "step");
            List<Misbehaviour> l = actions.computeIfAbsent(step, k -> new ArrayList<>());
            for (Misbehaviour m : what) {
                l.add(Objects.requireNonNull(m, "misbehaviour"));
            }
            return this;
        }

        /** Close the socket at {@code step}. */
        public Builder closeAt(HandshakeStep step) {
            return at(step, Misbehaviour.close());
        }

        /** Hold everything from {@code step} on for {@code d}. */
        public Builder delay(HandshakeStep step, Duration d) {
            return at(step, Misbehaviour.delay(d));
        }

        /** Stop reading and writing at {@code step}, without closing. */
        public Builder stallAt(HandshakeStep step) {
            return at(step, Misbehaviour.stall());
        }

        /** Send new_pki_document_event before connection_status_event. */
        public Builder pkiFirst() {
            this.pkiFirst = true;
            return this;
        }

        /** Send both geometries as null in F1, like a daemon older than v0.0.76. */
        public Builder omitGeometry() {
            this.omitSphinxGeometry = true;
            this.omitPigeonholeGeometry = true;
            return this;
        }

        public Builder omitSphinxGeometry() {
            this.omitSphinxGeometry = true;
            return this;
        }

        public Builder omitPigeonholeGeometry() {
            this.omitPigeonholeGeometry = true;
            return this;
        }

        public ConnectionScript build() {
            return new ConnectionScript(this);
        }
    }
}
