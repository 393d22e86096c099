package org.katzenpost.thin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.katzenpost.thin.event.ConnectionStatusEvent;
import org.katzenpost.thin.event.DaemonDisconnectedEvent;
import org.katzenpost.thin.event.MessageReplyEvent;
import org.katzenpost.thin.event.MessageSentEvent;
import org.katzenpost.thin.event.NewPkiDocumentEvent;
import org.katzenpost.thin.event.OverflowPolicy;
import org.katzenpost.thin.event.ShutdownEvent;
import org.katzenpost.thin.event.ThinClientEvent;
import org.katzenpost.thin.internal.Durations;
import org.katzenpost.thin.internal.config.ThinClientToml;

/**
 * Immutable settings of a {@link ThinClient}: where the daemon is, deadlines, reconnection, event queues and
 * the event handlers of the original API ({@code on_connection_status}, {@code on_new_pki_document},
 * {@code on_message_sent}, {@code on_message_reply}, plus daemon-disconnected and shutdown).
 *
 * <pre>{@code
 * ThinClientConfig cfg = ThinClientConfig.load(Path.of("thinclient.toml")).toBuilder()
 *         .requestTimeout(Duration.ofSeconds(30))
 *         .onMessageReply(reply -> log.info("reply {}", reply.surbId()))
 *         .build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; a {@link Builder} is not thread-safe. Every setting has a public
 * {@code DEFAULT_*} constant; {@link Builder#build()} checks them all and throws {@link IllegalArgumentException}
 * or {@link NullPointerException} for a bad one.
 */
public final class ThinClientConfig {
    /** What a call made while the daemon connection is down does. */
    public enum DisconnectedCallPolicy {
        /** Queue the request and send it once reconnected; it still fails at its own deadline. */
        WAIT_FOR_RECONNECT,
        /** Fail at once with {@link DaemonConnectionException}. */
        FAIL_FAST
    }

    /** Default {@link Builder#connectTimeout(Duration)}: 10 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default {@link Builder#handshakeTimeout(Duration)}: 45 seconds. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(45);
    /** Default {@link Builder#requestTimeout(Duration)}: 60 seconds. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Default of {@link Builder#reconnect(boolean)}: {@value}. */
    public static final boolean DEFAULT_RECONNECT = true;
    /** Default first delay of {@link Builder#reconnectBackoff(Duration, Duration)}: 1 second. */
    public static final Duration DEFAULT_RECONNECT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    /** Default cap of {@link Builder#reconnectBackoff(Duration, Duration)}: 60 seconds. */
    public static final Duration DEFAULT_RECONNECT_MAX_BACKOFF = Duration.ofSeconds(60);
    /** Default of {@link Builder#reconnectJitter(double)}: {@value} (±20 %), {@link ReconnectDelay#DEFAULT_JITTER}. */
    public static final double DEFAULT_RECONNECT_JITTER = ReconnectDelay.DEFAULT_JITTER;
    /**
     * Default {@link Builder#reconnectDelay(ReconnectDelay)}: exponential from 1 second
     * ({@link #DEFAULT_RECONNECT_INITIAL_BACKOFF}), doubling to 60 seconds ({@link #DEFAULT_RECONNECT_MAX_BACKOFF}),
     * with ±20 % jitter ({@link #DEFAULT_RECONNECT_JITTER}).
     */
    public static final ReconnectDelay DEFAULT_RECONNECT_DELAY = ReconnectDelay.exponential(
            DEFAULT_RECONNECT_INITIAL_BACKOFF, DEFAULT_RECONNECT_MAX_BACKOFF, DEFAULT_RECONNECT_JITTER);
    /** Default {@link Builder#disconnectedCallPolicy(DisconnectedCallPolicy)}: wait for the reconnect. */
    public static final DisconnectedCallPolicy DEFAULT_DISCONNECTED_CALL_POLICY = DisconnectedCallPolicy.WAIT_FOR_RECONNECT;
    /** Default {@link Builder#eventQueueCapacity(int)}: {@value} events per listener or subscription. */
    public static final int DEFAULT_EVENT_QUEUE_CAPACITY = 4096;
    /** Default {@link Builder#listenerOverflowPolicy(OverflowPolicy)}: drop the oldest queued event. */
    public static final OverflowPolicy DEFAULT_LISTENER_OVERFLOW_POLICY = OverflowPolicy.DROP_OLDEST;
    /**
     * Default {@link Builder#reliableSendPolicy(ReliableSendPolicy)}: {@link ReliableSendPolicy#defaults()}
     * (5 retransmissions, 10 seconds slack, 30 seconds initial round-trip guess).
     */
    public static final ReliableSendPolicy DEFAULT_RELIABLE_SEND_POLICY = ReliableSendPolicy.defaults();
    /** Default {@link Builder#writeStallTimeout(Duration)}: 30 seconds. */
    public static final Duration DEFAULT_WRITE_STALL_TIMEOUT = Duration.ofSeconds(30);
    /** Default {@link Builder#closeTimeout(Duration)}: 1 second. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(1);
    /** Default of {@link Builder#tcpKeepAlive(boolean)}: {@value}. */
    public static final boolean DEFAULT_TCP_KEEPALIVE = true;
    /** Default TCP keepalive idle time (TCP_KEEPIDLE) before the first probe: 30 seconds. */
    public static final Duration DEFAULT_TCP_KEEPALIVE_IDLE = Duration.ofSeconds(30);
    /** Default time between TCP keepalive probes (TCP_KEEPINTERVAL): 10 seconds. */
    public static final Duration DEFAULT_TCP_KEEPALIVE_INTERVAL = Duration.ofSeconds(10);
    /** Default number of unanswered TCP keepalive probes before the link is dead (TCP_KEEPCOUNT): {@value}. */
    public static final int DEFAULT_TCP_KEEPALIVE_COUNT = 3;

    private final Dial dial;
    private final Duration connectTimeout;
    private final Duration handshakeTimeout;
    private final Duration requestTimeout;
    private final boolean reconnect;
    private final Duration reconnectInitialBackoff;
    private final Duration reconnectMaxBackoff;
    private final double reconnectJitter;
    private final ReconnectDelay reconnectDelay;
    private final DisconnectedCallPolicy disconnectedCallPolicy;
    private final int eventQueueCapacity;
    private final OverflowPolicy listenerOverflowPolicy;
    private final ReliableSendPolicy reliableSendPolicy;
    private final List<Handler<?>> handlers;
    private final Duration writeStallTimeout;
    private final Duration closeTimeout;
    private final boolean tcpKeepAlive;
    private final Duration tcpKeepAliveIdle;
    private final Duration tcpKeepAliveInterval;
    private final int tcpKeepAliveCount;
    private final SessionToken resumeSession;

    /**
     * An event type and the listener registered for it on the config ({@link Builder#on(Class, Consumer)}).
     *
     * @param <E> the event type
     * @param type the class of the events the listener receives (subtypes included; {@link ThinClientEvent}
     *     for all)
     * @param listener the listener
     */
    public record Handler<E extends ThinClientEvent>(Class<E> type, Consumer<? super E> listener) {
        /**
         * Checks that both parts are present.
         *
         * @param type the class of the events the listener receives
         * @param listener the listener
         * @throws NullPointerException if {@code type} or {@code listener} is null
         */
        public Handler {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(listener, "listener");
        }
    }

    private ThinClientConfig(Builder b) {
        this.dial = Objects.requireNonNull(b.dial, "dial: set where kpclientd listens (Dial.tcp, Dial.unix, Dial.ws)");
        this.connectTimeout = Durations.requirePositive(b.connectTimeout, "connectTimeout");
        this.handshakeTimeout = Durations.requirePositive(b.handshakeTimeout, "handshakeTimeout");
        this.requestTimeout = Durations.requirePositive(b.requestTimeout, "requestTimeout");
        this.reconnect = b.reconnect;
        this.reconnectInitialBackoff = Durations.requirePositive(b.reconnectInitialBackoff, "reconnectInitialBackoff");
        this.reconnectMaxBackoff = Durations.requirePositive(b.reconnectMaxBackoff, "reconnectMaxBackoff");
        if (reconnectMaxBackoff.compareTo(reconnectInitialBackoff) < 0) {
            throw new IllegalArgumentException("reconnectMaxBackoff must not be below reconnectInitialBackoff");
        }
        if (!(b.reconnectJitter >= 0 && b.reconnectJitter < 1)) {
            throw new IllegalArgumentException("reconnectJitter must be in [0, 1), got " + b.reconnectJitter);
        }
        this.reconnectJitter = b.reconnectJitter;
        this.reconnectDelay = b.reconnectDelay != null ? b.reconnectDelay : exponential(reconnectInitialBackoff,
                reconnectMaxBackoff, reconnectJitter);
        this.disconnectedCallPolicy = Objects.requireNonNull(b.disconnectedCallPolicy, "disconnectedCallPolicy");
        if (b.eventQueueCapacity < 1) {
            throw new IllegalArgumentException("eventQueueCapacity must be at least 1");
        }
        this.eventQueueCapacity = b.eventQueueCapacity;
        this.listenerOverflowPolicy = Objects.requireNonNull(b.listenerOverflowPolicy, "listenerOverflowPolicy");
        this.reliableSendPolicy = Objects.requireNonNull(b.reliableSendPolicy, "reliableSendPolicy");
        this.handlers = List.copyOf(b.handlers);
        this.writeStallTimeout = Durations.requirePositive(b.writeStallTimeout, "writeStallTimeout");
        this.closeTimeout = Durations.requirePositive(b.closeTimeout, "closeTimeout");
        this.tcpKeepAlive = b.tcpKeepAlive;
        this.tcpKeepAliveIdle = Durations.requirePositive(b.tcpKeepAliveIdle, "tcpKeepAliveIdle");
        this.tcpKeepAliveInterval = Durations.requirePositive(b.tcpKeepAliveInterval, "tcpKeepAliveInterval");
        if (b.tcpKeepAliveCount < 1) {
            throw new IllegalArgumentException("tcpKeepAliveCount must be at least 1, got " + b.tcpKeepAliveCount);
        }
        this.tcpKeepAliveCount = b.tcpKeepAliveCount;
        this.resumeSession = b.resumeSession;
    }

    /** The delay reconnectBackoff and reconnectJitter describe (the default instance for the default values). */
    private static ReconnectDelay exponential(Duration initial, Duration max, double jitter) {
        if (initial.equals(DEFAULT_RECONNECT_INITIAL_BACKOFF) && max.equals(DEFAULT_RECONNECT_MAX_BACKOFF)
                && jitter == DEFAULT_RECONNECT_JITTER) {
            return DEFAULT_RECONNECT_DELAY;
        }
        return ReconnectDelay.exponential(initial, max, jitter);
    }

    /**
     * Reads the daemon's address from {@code thinclient.toml} exactly as the reference clients do
     * (docs/protocol.md#thinclient-toml); every other setting takes its default. Adjust the result with
     * {@link #toBuilder()}.
     *
     * @param thinclientToml the path of the file
     * @return the config
     * @throws ConfigurationException if the file is missing, unreadable, not UTF-8 or not valid TOML, or is not
     *     a valid {@code thinclient.toml} (an unknown key, not exactly one daemon address, a bad address); the
     *     message names the file and the problem
     */
    public static ThinClientConfig load(Path thinclientToml) {
        return builder().dial(ThinClientToml.readDial(thinclientToml)).build();
    }

    /**
     * A builder with every default; {@link Builder#dial(Dial)} must be set before {@link Builder#build()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this config's settings (listeners included), to change some and build a new config;
     * this config is unchanged.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.dial = dial;
        b.connectTimeout = connectTimeout;
        b.handshakeTimeout = handshakeTimeout;
        b.requestTimeout = requestTimeout;
        b.reconnect = reconnect;
        b.reconnectInitialBackoff = reconnectInitialBackoff;
        b.reconnectMaxBackoff = reconnectMaxBackoff;
        b.reconnectJitter = reconnectJitter;
        b.reconnectDelay = reconnectDelay;
        b.disconnectedCallPolicy = disconnectedCallPolicy;
        b.eventQueueCapacity = eventQueueCapacity;
        b.listenerOverflowPolicy = listenerOverflowPolicy;
        b.reliableSendPolicy = reliableSendPolicy;
        b.handlers.addAll(handlers);
        b.writeStallTimeout = writeStallTimeout;
        b.closeTimeout = closeTimeout;
        b.tcpKeepAlive = tcpKeepAlive;
        b.tcpKeepAliveIdle = tcpKeepAliveIdle;
        b.tcpKeepAliveInterval = tcpKeepAliveInterval;
        b.tcpKeepAliveCount = tcpKeepAliveCount;
        b.resumeSession = resumeSession;
        return b;
    }

    /**
     * Where kpclientd listens.
     *
     * @return the address, never null
     */
    public Dial dial() {
        return dial;
    }

    /**
     * Deadline for opening the socket to kpclientd.
     *
     * @return the timeout, positive
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * Deadline for the whole handshake; above 30 s by default because kpclientd may hold a new connection that
     * long (docs/protocol.md#handshake).
     *
     * @return the timeout, positive
     */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /**
     * Default deadline of every request that has no explicit {@code Duration}.
     *
     * @return the timeout, positive
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * Whether the client reconnects when the daemon connection drops.
     *
     * @return true if it reconnects
     */
    public boolean reconnect() {
        return reconnect;
    }

    /**
     * The wait before each reconnect attempt: the delay set with {@link Builder#reconnectDelay(ReconnectDelay)}, or
     * else the exponential delay {@link Builder#reconnectBackoff(Duration, Duration)} and
     * {@link Builder#reconnectJitter(double)} describe.
     *
     * @return the reconnect delay the client uses
     */
    public ReconnectDelay reconnectDelay() {
        return reconnectDelay;
    }

    /**
     * The first delay given to {@link Builder#reconnectBackoff(Duration, Duration)}; the client uses
     * {@link #reconnectDelay()}, which differs when {@link Builder#reconnectDelay(ReconnectDelay)} was set.
     *
     * @return the initial backoff setting
     */
    public Duration reconnectInitialBackoff() {
        return reconnectInitialBackoff;
    }

    /**
     * The cap given to {@link Builder#reconnectBackoff(Duration, Duration)}; see {@link #reconnectInitialBackoff()}.
     *
     * @return the maximum backoff setting
     */
    public Duration reconnectMaxBackoff() {
        return reconnectMaxBackoff;
    }

    /**
     * The jitter given to {@link Builder#reconnectJitter(double)} (0.2 = ±20 %); see
     * {@link #reconnectInitialBackoff()}.
     *
     * @return the jitter setting
     */
    public double reconnectJitter() {
        return reconnectJitter;
    }

    /**
     * What a call made while the daemon connection is down does.
     *
     * @return the policy, never null
     */
    public DisconnectedCallPolicy disconnectedCallPolicy() {
        return disconnectedCallPolicy;
    }

    /**
     * Queue bound of each listener and of each subscription that does not set its own.
     *
     * @return the capacity in events, at least 1
     */
    public int eventQueueCapacity() {
        return eventQueueCapacity;
    }

    /**
     * What a listener's full queue does with the next event.
     *
     * @return the policy, never null
     */
    public OverflowPolicy listenerOverflowPolicy() {
        return listenerOverflowPolicy;
    }

    /**
     * Retransmission of {@link ThinClient#sendReliableMessage}.
     *
     * @return the policy, never null
     */
    public ReliableSendPolicy reliableSendPolicy() {
        return reliableSendPolicy;
    }

    /**
     * The listeners registered on this config, in registration order; each client built from it registers them
     * all when it is created.
     *
     * @return an unmodifiable list, empty if none
     */
    public List<Handler<?>> handlers() {
        return handlers;
    }

    /**
     * How long a frame may sit half-written, with the daemon reading none of it, before the connection is declared
     * broken and dropped (and, with {@link #reconnect()}, re-established).
     *
     * @return the write-stall limit
     */
    public Duration writeStallTimeout() {
        return writeStallTimeout;
    }

    /**
     * How long {@link ThinClient#close()} waits to write {@code thin_close} before it closes the connection without
     * it.
     *
     * @return the close timeout
     */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /**
     * Whether TCP connections to the daemon use keepalive probes.
     *
     * @return true if keepalive is on
     */
    public boolean tcpKeepAlive() {
        return tcpKeepAlive;
    }

    /**
     * Idle time before the first keepalive probe.
     *
     * @return TCP_KEEPIDLE
     */
    public Duration tcpKeepAliveIdle() {
        return tcpKeepAliveIdle;
    }

    /**
     * Time between keepalive probes.
     *
     * @return TCP_KEEPINTERVAL
     */
    public Duration tcpKeepAliveInterval() {
        return tcpKeepAliveInterval;
    }

    /**
     * Unanswered keepalive probes after which the kernel declares the link dead.
     *
     * @return TCP_KEEPCOUNT
     */
    public int tcpKeepAliveCount() {
        return tcpKeepAliveCount;
    }

    /**
     * The session this client takes over in its first handshake, or null for a new session.
     *
     * @return the token set with {@link Builder#resumeSession(SessionToken)}, or null
     */
    public SessionToken resumeSession() {
        return resumeSession;
    }

    @Override
    public String toString() {
        return "ThinClientConfig[dial=" + dial + ", requestTimeout=" + requestTimeout + ", reconnect=" + reconnect
                + ", reconnectDelay=" + reconnectDelay + ", disconnectedCallPolicy=" + disconnectedCallPolicy
                + ", handlers=" + handlers.size() + "]";
    }

    /** Builder with the defaults documented on each setter. */
    public static final class Builder {
        private Dial dial;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private boolean reconnect = DEFAULT_RECONNECT;
        private Duration reconnectInitialBackoff = DEFAULT_RECONNECT_INITIAL_BACKOFF;
        private Duration reconnectMaxBackoff = DEFAULT_RECONNECT_MAX_BACKOFF;
        private double reconnectJitter = DEFAULT_RECONNECT_JITTER;
        /** Null: the exponential delay of the three fields above. */
        private ReconnectDelay reconnectDelay;
        private DisconnectedCallPolicy disconnectedCallPolicy = DEFAULT_DISCONNECTED_CALL_POLICY;
        private int eventQueueCapacity = DEFAULT_EVENT_QUEUE_CAPACITY;
        private OverflowPolicy listenerOverflowPolicy = DEFAULT_LISTENER_OVERFLOW_POLICY;
        private ReliableSendPolicy reliableSendPolicy = DEFAULT_RELIABLE_SEND_POLICY;
        private final List<Handler<?>> handlers = new ArrayList<>();
        private Duration writeStallTimeout = DEFAULT_WRITE_STALL_TIMEOUT;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private boolean tcpKeepAlive = DEFAULT_TCP_KEEPALIVE;
        private Duration tcpKeepAliveIdle = DEFAULT_TCP_KEEPALIVE_IDLE;
        private Duration tcpKeepAliveInterval = DEFAULT_TCP_KEEPALIVE_INTERVAL;
        private int tcpKeepAliveCount = DEFAULT_TCP_KEEPALIVE_COUNT;
        private SessionToken resumeSession;

        private Builder() {}

        /**
         * Limit on a write that makes no progress (default {@link #DEFAULT_WRITE_STALL_TIMEOUT}). Calls never wait
         * for the socket: each call's frame is queued and written by the connection's writer, and a call whose
         * frame has not started by its deadline fails with {@link RequestTimeoutException} at that deadline and
         * its frame is never written. A frame whose first byte is written cannot be taken back (that would
         * corrupt the stream); if the daemon then reads none of it for this long, the connection is declared
         * broken and dropped, and reconnection (if enabled) takes over. This also bounds data the peer never
         * acknowledges on a dead TCP link, which the JDK cannot bound with {@code TCP_USER_TIMEOUT}.
         *
         * @param d positive
         * @return this builder
         */
        public Builder writeStallTimeout(Duration d) {
            this.writeStallTimeout = d;
            return this;
        }

        /**
         * Upper bound on the socket part of {@link ThinClient#close()} (default {@link #DEFAULT_CLOSE_TIMEOUT}):
         * {@code thin_close} is written if the daemon takes it within this time, otherwise the connection is closed
         * without it (the daemon then keeps the session for its grace period, as after {@link ThinClient#disconnect()}).
         *
         * @param d positive
         * @return this builder
         */
        public Builder closeTimeout(Duration d) {
            this.closeTimeout = d;
            return this;
        }

        /**
         * TCP keepalive on connections to a TCP {@link Dial} (default {@value #DEFAULT_TCP_KEEPALIVE}), so that a
         * link that died without a FIN or RST (a paused or partitioned peer) is noticed with nothing in flight: the
         * kernel probes after the idle time and drops the connection after the count of unanswered probes, which
         * the client reports as {@link org.katzenpost.thin.event.DaemonDisconnectedEvent} and then reconnects.
         * Unix sockets and WebSocket over a unix path are not affected. The JDK has no {@code TCP_USER_TIMEOUT};
         * unacknowledged writes are bounded by {@link #writeStallTimeout(Duration)} instead.
         *
         * @param enabled false to turn keepalive off
         * @return this builder
         */
        public Builder tcpKeepAlive(boolean enabled) {
            this.tcpKeepAlive = enabled;
            return this;
        }

        /**
         * Keepalive timing (defaults {@link #DEFAULT_TCP_KEEPALIVE_IDLE}, {@link #DEFAULT_TCP_KEEPALIVE_INTERVAL},
         * {@value #DEFAULT_TCP_KEEPALIVE_COUNT}), set where the platform supports the options
         * ({@code jdk.net.ExtendedSocketOptions} TCP_KEEPIDLE, TCP_KEEPINTERVAL, TCP_KEEPCOUNT: Linux and macOS);
         * elsewhere the system's keepalive timing applies. A dead link is noticed after about
         * {@code idle + interval * count}. The kernel counts in whole seconds: durations are rounded up.
         *
         * @param idle positive idle time before the first probe
         * @param interval positive time between probes
         * @param count unanswered probes before the link is dead, at least 1
         * @return this builder
         */
        public Builder tcpKeepAlive(Duration idle, Duration interval, int count) {
            this.tcpKeepAlive = true;
            this.tcpKeepAliveIdle = idle;
            this.tcpKeepAliveInterval = interval;
            this.tcpKeepAliveCount = count;
            return this;
        }

        /**
         * Takes over a session that another client left with {@link ThinClient#disconnect()} (or lost), instead of
         * starting a new one: the first handshake presents this token, and the daemon, if it still holds the
         * session, delivers the replies it kept for it ({@link ThinClient#isSessionResumed()} is then true). Default
         * null: a new random token.
         *
         * @param token from {@link ThinClient#sessionToken()}, or null for a new session
         * @return this builder
         */
        public Builder resumeSession(SessionToken token) {
            this.resumeSession = token;
            return this;
        }

        /**
         * Where kpclientd listens (no default: required). {@link ThinClientConfig#load(Path)} sets it from
         * {@code thinclient.toml}.
         *
         * @param dial the address, e.g. {@link Dial#tcp}, {@link Dial#unix} or {@link Dial#ws}
         * @return this builder
         */
        public Builder dial(Dial dial) {
            this.dial = dial;
            return this;
        }

        /**
         * Deadline for opening the socket to kpclientd (default {@link #DEFAULT_CONNECT_TIMEOUT}, 10 s).
         *
         * @param d positive
         * @return this builder
         */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        /**
         * Deadline for the whole handshake (default {@link #DEFAULT_HANDSHAKE_TIMEOUT}, 45 s: above 30 s because
         * kpclientd may hold a new connection that long).
         *
         * @param d positive
         * @return this builder
         */
        public Builder handshakeTimeout(Duration d) {
            this.handshakeTimeout = d;
            return this;
        }

        /**
         * Deadline of every request that has no {@code Duration} of its own (default
         * {@link #DEFAULT_REQUEST_TIMEOUT}, 60 s).
         *
         * @param d positive
         * @return this builder
         */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = d;
            return this;
        }

        /**
         * Whether to reconnect, waiting {@link #reconnectDelay(ReconnectDelay)} before each attempt, when the
         * daemon connection drops (default {@value #DEFAULT_RECONNECT}). Off, calls in flight and later calls fail
         * at once with {@link DaemonConnectionException}.
         *
         * @param enabled false to give up when the connection is lost
         * @return this builder
         */
        public Builder reconnect(boolean enabled) {
            this.reconnect = enabled;
            return this;
        }

        /**
         * The wait before each reconnect attempt (default {@link #DEFAULT_RECONNECT_DELAY}: exponential from 1 s
         * to 60 s with ±20 % jitter). It replaces what {@link #reconnectBackoff(Duration, Duration)} and
         * {@link #reconnectJitter(double)} set; calling either of them afterwards goes back to the exponential delay
         * they describe.
         *
         * @param delay the schedule, e.g. {@link ReconnectDelay#constant(Duration)}
         * @return this builder
         */
        public Builder reconnectDelay(ReconnectDelay delay) {
            this.reconnectDelay = Objects.requireNonNull(delay, "delay");
            return this;
        }

        /**
         * Shorthand for an exponential {@link #reconnectDelay(ReconnectDelay)} from {@code initial} doubling to
         * {@code max} (defaults {@link #DEFAULT_RECONNECT_INITIAL_BACKOFF} 1 s, {@link #DEFAULT_RECONNECT_MAX_BACKOFF}
         * 60 s), with the jitter of {@link #reconnectJitter(double)}.
         *
         * @param initial positive first delay
         * @param max positive cap, not below {@code initial}
         * @return this builder
         */
        public Builder reconnectBackoff(Duration initial, Duration max) {
            this.reconnectInitialBackoff = initial;
            this.reconnectMaxBackoff = max;
            this.reconnectDelay = null;
            return this;
        }

        /**
         * The jitter of the exponential delay of {@link #reconnectBackoff(Duration, Duration)} (default
         * {@value #DEFAULT_RECONNECT_JITTER}, i.e. ±20 %), so that many clients do not reconnect in lockstep.
         *
         * @param fraction in [0, 1); 0 for exact delays
         * @return this builder
         */
        public Builder reconnectJitter(double fraction) {
            this.reconnectJitter = fraction;
            this.reconnectDelay = null;
            return this;
        }

        /**
         * What a call made while the daemon connection is down does (default
         * {@link #DEFAULT_DISCONNECTED_CALL_POLICY}, {@link DisconnectedCallPolicy#WAIT_FOR_RECONNECT}).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder disconnectedCallPolicy(DisconnectedCallPolicy policy) {
            this.disconnectedCallPolicy = policy;
            return this;
        }

        /**
         * Queue bound of each listener and of each subscription that does not set its own (default
         * {@value #DEFAULT_EVENT_QUEUE_CAPACITY} events).
         *
         * @param capacity at least 1
         * @return this builder
         */
        public Builder eventQueueCapacity(int capacity) {
            this.eventQueueCapacity = capacity;
            return this;
        }

        /**
         * What a listener's full queue does with the next event (default
         * {@link #DEFAULT_LISTENER_OVERFLOW_POLICY}, {@link OverflowPolicy#DROP_OLDEST}).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder listenerOverflowPolicy(OverflowPolicy policy) {
            this.listenerOverflowPolicy = policy;
            return this;
        }

        /**
         * Retransmission of {@link ThinClient#sendReliableMessage} (default {@link #DEFAULT_RELIABLE_SEND_POLICY}).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder reliableSendPolicy(ReliableSendPolicy policy) {
            this.reliableSendPolicy = policy;
            return this;
        }

        /**
         * Registers a listener for events of {@code type} on every client built from this config (several
         * listeners add up).
         * The listener runs on a callback thread (never the reader), one event at a time and in order, behind its own
         * queue ({@link #eventQueueCapacity(int)}, {@link #listenerOverflowPolicy(OverflowPolicy)}); it is registered
         * before the first connection, so it sees the first events. An exception it throws is logged and the
         * event counts as handled.
         *
         * @param <E> the event type
         * @param type the class of the events (subtypes included; {@link ThinClientEvent} for all)
         * @param listener the listener
         * @return this builder
         * @throws NullPointerException if {@code type} or {@code listener} is null
         */
        public <E extends ThinClientEvent> Builder on(Class<E> type, Consumer<? super E> listener) {
            handlers.add(new Handler<>(type, listener));
            return this;
        }

        /**
         * The original API's {@code on_connection_status}: shorthand for {@link #on(Class, Consumer)} with
         * {@link ConnectionStatusEvent}.
         *
         * @param listener called with each event (see {@link #on(Class, Consumer)} for the thread)
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder onConnectionStatus(Consumer<? super ConnectionStatusEvent> listener) {
            return on(ConnectionStatusEvent.class, listener);
        }

        /**
         * The original API's {@code on_new_pki_document}: shorthand for {@link #on(Class, Consumer)} with
         * {@link NewPkiDocumentEvent}.
         *
         * @param listener called with each event (see {@link #on(Class, Consumer)} for the thread)
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder onNewPkiDocument(Consumer<? super NewPkiDocumentEvent> listener) {
            return on(NewPkiDocumentEvent.class, listener);
        }

        /**
         * The original API's {@code on_message_sent}: shorthand for {@link #on(Class, Consumer)} with
         * {@link MessageSentEvent}.
         *
         * @param listener called with each event (see {@link #on(Class, Consumer)} for the thread)
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder onMessageSent(Consumer<? super MessageSentEvent> listener) {
            return on(MessageSentEvent.class, listener);
        }

        /**
         * The original API's {@code on_message_reply}: shorthand for {@link #on(Class, Consumer)} with
         * {@link MessageReplyEvent}.
         *
         * @param listener called with each event (see {@link #on(Class, Consumer)} for the thread)
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder onMessageReply(Consumer<? super MessageReplyEvent> listener) {
            return on(MessageReplyEvent.class, listener);
        }

        /**
         * Shorthand for {@link #on(Class, Consumer)} with {@link DaemonDisconnectedEvent}: the connection to
         * kpclientd ended without {@link ThinClient#close()}.
         *
         * @param listener called with each event (see {@link #on(Class, Consumer)} for the thread)
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder onDaemonDisconnected(Consumer<? super DaemonDisconnectedEvent> listener) {
            return on(DaemonDisconnectedEvent.class, listener);
        }

        /**
         * Shorthand for {@link #on(Class, Consumer)} with {@link ShutdownEvent}: kpclientd announced a graceful
         * shutdown.
         *
         * @param listener called with each event (see {@link #on(Class, Consumer)} for the thread)
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder onShutdown(Consumer<? super ShutdownEvent> listener) {
            return on(ShutdownEvent.class, listener);
        }

        /**
         * Checks the settings and builds the config. The builder stays usable.
         *
         * @return the immutable config
         * @throws NullPointerException if {@link #dial(Dial)} was not set, or a policy or duration was set to null
         * @throws IllegalArgumentException if a duration is zero or negative, the reconnect cap is below its first
         *     delay, the jitter is outside [0, 1), or a count or capacity is below 1
         */
        public ThinClientConfig build() {
            return new ThinClientConfig(this);
        }
    }
}
