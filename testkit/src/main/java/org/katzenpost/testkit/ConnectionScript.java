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

    /**
     * Starts a script that, until changed, behaves like {@link #NORMAL}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Shortcut for a script that closes the socket at {@code step}.
     *
     * @param step where in the handshake to close
     * @return the script
     * @throws NullPointerException if {@code step} is null
     */
    public static ConnectionScript closeAt(HandshakeStep step) {
        return builder().closeAt(step).build();
    }

    /**
     * What the simulator does at one step.
     *
     * @param step the handshake step
     * @return the actions to carry out at {@code step}, in order; empty when none; unmodifiable
     */
    public List<Misbehaviour> actionsAt(HandshakeStep step) {
        return actions.getOrDefault(step, List.of());
    }

    /**
     * Whether the PKI frame goes out before the status frame.
     *
     * @return true when {@link Builder#pkiFirst()} was set
     */
    public boolean pkiFirst() {
        return pkiFirst;
    }

    /**
     * Whether F1 carries a null Sphinx geometry.
     *
     * @return true when {@link Builder#omitSphinxGeometry()} or {@link Builder#omitGeometry()} was set
     */
    public boolean omitSphinxGeometry() {
        return omitSphinxGeometry;
    }

    /**
     * Whether F1 carries a null Pigeonhole geometry.
     *
     * @return true when {@link Builder#omitPigeonholeGeometry()} or {@link Builder#omitGeometry()} was set
     */
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

        /**
         * Carries out {@code what} at {@code step}, after anything added before for that step.
         *
         * @param step the handshake step
         * @param what the actions, in order
         * @return this builder
         * @throws NullPointerException if {@code step} or an action is null
         */
        public Builder at(HandshakeStep step, Misbehaviour... what) {
            Objects.requireNonNull(step, "step");
            List<Misbehaviour> l = actions.computeIfAbsent(step, k -> new ArrayList<>());
            for (Misbehaviour m : what) {
                l.add(Objects.requireNonNull(m, "misbehaviour"));
            }
            return this;
        }

        /**
         * Closes the socket at {@code step}.
         *
         * @param step the handshake step
         * @return this builder
         * @throws NullPointerException if {@code step} is null
         */
        public Builder closeAt(HandshakeStep step) {
            return at(step, Misbehaviour.close());
        }

        /**
         * Holds everything from {@code step} on for {@code duration}.
         *
         * @param step the handshake step
         * @param duration how long to hold; zero (no hold) or positive
         * @return this builder
         * @throws IllegalArgumentException if {@code duration} is negative
         * @throws NullPointerException if an argument is null
         */
        public Builder delay(HandshakeStep step, Duration duration) {
            return at(step, Misbehaviour.delay(duration));
        }

        /**
         * Stops reading and writing at {@code step}, without closing: the client sees a daemon that hangs.
         *
         * @param step the handshake step
         * @return this builder
         * @throws NullPointerException if {@code step} is null
         */
        public Builder stallAt(HandshakeStep step) {
            return at(step, Misbehaviour.stall());
        }

        /**
         * Sends {@code new_pki_document_event} before {@code connection_status_event}.
         *
         * @return this builder
         */
        public Builder pkiFirst() {
            this.pkiFirst = true;
            return this;
        }

        /**
         * Sends both geometries as null in F1, like a daemon older than v0.0.76.
         *
         * @return this builder
         */
        public Builder omitGeometry() {
            this.omitSphinxGeometry = true;
            this.omitPigeonholeGeometry = true;
            return this;
        }

        /**
         * Sends the Sphinx geometry as null in F1.
         *
         * @return this builder
         */
        public Builder omitSphinxGeometry() {
            this.omitSphinxGeometry = true;
            return this;
        }

        /**
         * Sends the Pigeonhole geometry as null in F1.
         *
         * @return this builder
         */
        public Builder omitPigeonholeGeometry() {
            this.omitPigeonholeGeometry = true;
            return this;
        }

        /**
         * The script as built so far; the builder can go on and build others.
         *
         * @return an immutable script
         */
        public ConnectionScript build() {
            return new ConnectionScript(this);
        }
    }
}
