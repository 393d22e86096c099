package org.katzenpost.thin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.katzenpost.thin.event.ConnectionStatusEvent;
import org.katzenpost.thin.event.MessageReplyEvent;
import org.katzenpost.thin.event.MessageSentEvent;
import org.katzenpost.thin.event.NewPkiDocumentEvent;
import org.katzenpost.thin.event.OverflowPolicy;
import org.katzenpost.thin.event.ThinClientEvent;
import org.katzenpost.thin.internal.config.ThinClientToml;

/**
 * Immutable settings of a {@link ThinClient}: where the daemon is, deadlines, reconnection, the socket, event
 * queues and the event listeners every client built from it starts with (the original API's handlers
 * {@code on_connection_status}, {@code on_new_pki_document}, {@code on_message_sent}, {@code on_message_reply}).
 *
 * <pre>{@code
 * ThinClientConfig cfg = ThinClientConfig.load(Path.of("thinclient.toml")).toBuilder()
 *         .requestTimeout(Duration.ofSeconds(30))
 *         .onMessageReply(reply -> log.info("reply {}", reply.surbId()))
 *         .build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; a {@link Builder} is not thread-safe. Each setting is set by one
 * builder method and read by the accessor of the same name, which links to the setter's description; its default
 * is a public {@code DEFAULT_*} constant. Each setter checks its argument and throws
 * {@link IllegalArgumentException} or {@link NullPointerException} for a bad one, so the stack trace names the
 * line that set it, as every other call of this library does; {@link Builder#build()} only requires a
 * {@link Builder#dial(Dial)}.
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
    /** Default {@link Builder#reconnect(boolean)}: {@value}. */
    public static final boolean DEFAULT_RECONNECT = true;
    /**
     * Default {@link Builder#reconnectDelay(ReconnectDelay)}: exponential from 1 second doubling to 60 seconds,
     * each delay randomised by ±20 % ({@link ReconnectDelay#DEFAULT_JITTER}).
     */
    public static final ReconnectDelay DEFAULT_RECONNECT_DELAY = ReconnectDelay.exponential(Duration.ofSeconds(1),
            Duration.ofSeconds(60));
    /** Default {@link Builder#disconnectedCallPolicy(DisconnectedCallPolicy)}: wait for the reconnect. */
    public static final DisconnectedCallPolicy DEFAULT_DISCONNECTED_CALL_POLICY =
            DisconnectedCallPolicy.WAIT_FOR_RECONNECT;
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
    /**
     * Default {@link Builder#tcpKeepAlive(TcpKeepAlive)}: on, first probe after 30 seconds idle, then every
     * 10 seconds, the link dead after 3 unanswered probes.
     */
    public static final TcpKeepAlive DEFAULT_TCP_KEEPALIVE = new TcpKeepAlive(Duration.ofSeconds(30),
            Duration.ofSeconds(10), 3);

    /** Checked and never changed: every accessor reads it. */
    private final ConfigSettings settings;

    private ThinClientConfig(Builder b) {
        this.settings = b.settings.checked();
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
        return new Builder(new ConfigSettings());
    }

    /**
     * A builder holding this config's settings (listeners included), to change some and build a new config;
     * this config is unchanged.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(settings.copy());
    }

    /** {@return where kpclientd listens ({@link Builder#dial(Dial)}), never null} */
    public Dial dial() {
        return settings.dial;
    }

    /** {@return the {@linkplain Builder#connectTimeout(Duration) connect timeout}, positive} */
    public Duration connectTimeout() {
        return settings.connectTimeout;
    }

    /** {@return the {@linkplain Builder#handshakeTimeout(Duration) handshake timeout}, positive} */
    public Duration handshakeTimeout() {
        return settings.handshakeTimeout;
    }

    /** {@return the {@linkplain Builder#requestTimeout(Duration) default request timeout}, positive} */
    public Duration requestTimeout() {
        return settings.requestTimeout;
    }

    /** {@return whether the client {@linkplain Builder#reconnect(boolean) reconnects}} */
    public boolean reconnect() {
        return settings.reconnect;
    }

    /** {@return the {@linkplain Builder#reconnectDelay(ReconnectDelay) wait before each reconnect}, never null} */
    public ReconnectDelay reconnectDelay() {
        return settings.reconnectDelay;
    }

    /** {@return {@linkplain Builder#disconnectedCallPolicy what a call while disconnected does}, never null} */
    public DisconnectedCallPolicy disconnectedCallPolicy() {
        return settings.disconnectedCallPolicy;
    }

    /** {@return the {@linkplain Builder#eventQueueCapacity(int) event queue bound}, at least 1} */
    public int eventQueueCapacity() {
        return settings.eventQueueCapacity;
    }

    /** {@return {@linkplain Builder#listenerOverflowPolicy what a full listener queue does}, never null} */
    public OverflowPolicy listenerOverflowPolicy() {
        return settings.listenerOverflowPolicy;
    }

    /** {@return the {@linkplain Builder#reliableSendPolicy retransmission policy}, never null} */
    public ReliableSendPolicy reliableSendPolicy() {
        return settings.reliableSendPolicy;
    }

    /** {@return the {@linkplain Builder#writeStallTimeout(Duration) write-stall limit}, positive} */
    public Duration writeStallTimeout() {
        return settings.writeStallTimeout;
    }

    /** {@return the {@linkplain Builder#closeTimeout(Duration) close timeout}, positive} */
    public Duration closeTimeout() {
        return settings.closeTimeout;
    }

    /** {@return the {@linkplain Builder#tcpKeepAlive(TcpKeepAlive) TCP keepalive timing}, or null when off} */
    public TcpKeepAlive tcpKeepAlive() {
        return settings.tcpKeepAlive;
    }

    /** {@return the {@linkplain Builder#resumeSession(SessionToken) session to resume}, or null for a new one} */
    public SessionToken resumeSession() {
        return settings.resumeSession;
    }

    /** Adds the listeners registered with {@link Builder#on(Class, Consumer)} to {@code client}, in order. */
    void addListenersTo(ThinClient client) {
        settings.listeners.forEach(add -> add.accept(client));
    }

    /** The main settings and the number of listeners; never the {@link #resumeSession()} token. */
    @Override
    public String toString() {
        ConfigSettings s = settings;
        return "ThinClientConfig[dial=" + s.dial + ", requestTimeout=" + s.requestTimeout + ", reconnect="
                + s.reconnect + ", reconnectDelay=" + s.reconnectDelay + ", disconnectedCallPolicy="
                + s.disconnectedCallPolicy + ", tcpKeepAlive=" + s.tcpKeepAlive + ", resumeSession="
                + (s.resumeSession != null) + ", listeners=" + s.listeners.size() + "]";
    }

    /** Builder with the defaults documented on each setter. */
    public static final class Builder {
        private final ConfigSettings settings;

        private Builder(ConfigSettings settings) {
            this.settings = settings;
        }

        /**
         * Where kpclientd listens (no default: required). {@link ThinClientConfig#load(Path)} sets it from
         * {@code thinclient.toml}.
         *
         * @param dial the address, e.g. {@link Dial#tcp}, {@link Dial#unix} or {@link Dial#ws}
         * @return this builder
         * @throws NullPointerException if {@code dial} is null
         */
        public Builder dial(Dial dial) {
            settings.dial = Objects.requireNonNull(dial, "dial");
            return this;
        }

        /**
         * Deadline for opening the socket to kpclientd (default {@link #DEFAULT_CONNECT_TIMEOUT}, 10 s).
         *
         * @param d positive
         * @return this builder
         * @throws IllegalArgumentException if {@code d} is zero or negative
         * @throws NullPointerException if {@code d} is null
         */
        public Builder connectTimeout(Duration d) {
            settings.connectTimeout = Durations.requirePositive(d, "connectTimeout");
            return this;
        }

        /**
         * Deadline for the whole handshake (default {@link #DEFAULT_HANDSHAKE_TIMEOUT}, 45 s: above 30 s because
         * kpclientd may hold a new connection that long, docs/protocol.md#handshake).
         *
         * @param d positive
         * @return this builder
         * @throws IllegalArgumentException if {@code d} is zero or negative
         * @throws NullPointerException if {@code d} is null
         */
        public Builder handshakeTimeout(Duration d) {
            settings.handshakeTimeout = Durations.requirePositive(d, "handshakeTimeout");
            return this;
        }

        /**
         * Deadline of every request that has no {@code Duration} of its own (default
         * {@link #DEFAULT_REQUEST_TIMEOUT}, 60 s).
         *
         * @param d positive
         * @return this builder
         * @throws IllegalArgumentException if {@code d} is zero or negative
         * @throws NullPointerException if {@code d} is null
         */
        public Builder requestTimeout(Duration d) {
            settings.requestTimeout = Durations.requirePositive(d, "requestTimeout");
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
            settings.reconnect = enabled;
            return this;
        }

        /**
         * The wait before each reconnect attempt (default {@link #DEFAULT_RECONNECT_DELAY}: exponential from 1 s
         * to 60 s with ±20 % jitter).
         *
         * @param delay the schedule, e.g. {@link ReconnectDelay#exponential(Duration, Duration)} or
         *     {@link ReconnectDelay#constant(Duration)}
         * @return this builder
         * @throws NullPointerException if {@code delay} is null
         */
        public Builder reconnectDelay(ReconnectDelay delay) {
            settings.reconnectDelay = Objects.requireNonNull(delay, "reconnectDelay");
            return this;
        }

        /**
         * What a call made while the daemon connection is down does (default
         * {@link #DEFAULT_DISCONNECTED_CALL_POLICY}, {@link DisconnectedCallPolicy#WAIT_FOR_RECONNECT}).
         *
         * @param policy the policy
         * @return this builder
         * @throws NullPointerException if {@code policy} is null
         */
        public Builder disconnectedCallPolicy(DisconnectedCallPolicy policy) {
            settings.disconnectedCallPolicy = Objects.requireNonNull(policy, "disconnectedCallPolicy");
            return this;
        }

        /**
         * Queue bound of each listener and of each subscription that does not set its own (default
         * {@value #DEFAULT_EVENT_QUEUE_CAPACITY} events).
         *
         * @param capacity at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code capacity} is below 1
         */
        public Builder eventQueueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("eventQueueCapacity must be at least 1, got " + capacity);
            }
            settings.eventQueueCapacity = capacity;
            return this;
        }

        /**
         * What a listener's full queue does with the next event (default
         * {@link #DEFAULT_LISTENER_OVERFLOW_POLICY}, {@link OverflowPolicy#DROP_OLDEST}).
         *
         * @param policy the policy
         * @return this builder
         * @throws NullPointerException if {@code policy} is null
         */
        public Builder listenerOverflowPolicy(OverflowPolicy policy) {
            settings.listenerOverflowPolicy = Objects.requireNonNull(policy, "listenerOverflowPolicy");
            return this;
        }

        /**
         * Retransmission of {@link ThinClient#sendReliableMessage} (default {@link #DEFAULT_RELIABLE_SEND_POLICY}).
         *
         * @param policy the policy
         * @return this builder
         * @throws NullPointerException if {@code policy} is null
         */
        public Builder reliableSendPolicy(ReliableSendPolicy policy) {
            settings.reliableSendPolicy = Objects.requireNonNull(policy, "reliableSendPolicy");
            return this;
        }

        /**
         * Limit on a write that makes no progress (default {@link #DEFAULT_WRITE_STALL_TIMEOUT}, 30 s). Calls never
         * wait for the socket: each call's frame is queued and written by the connection's writer, and a call whose
         * frame has not started by its deadline fails with {@link RequestTimeoutException} and its frame is never
         * written. A frame whose first byte is written cannot be taken back (that would corrupt the stream); if the
         * daemon then reads none of it for this long, the connection is declared broken and dropped, and
         * reconnection (if enabled) takes over. This also bounds data the peer never acknowledges on a dead TCP
         * link, which the JDK cannot bound with {@code TCP_USER_TIMEOUT}. The same limit bounds reads: a daemon that
         * sends no byte of a frame it has begun for this long has its connection dropped the same way.
         *
         * @param d positive
         * @return this builder
         * @throws IllegalArgumentException if {@code d} is zero or negative
         * @throws NullPointerException if {@code d} is null
         */
        public Builder writeStallTimeout(Duration d) {
            settings.writeStallTimeout = Durations.requirePositive(d, "writeStallTimeout");
            return this;
        }

        /**
         * Upper bound on the socket part of {@link ThinClient#close()} (default {@link #DEFAULT_CLOSE_TIMEOUT},
         * 1 s): {@code thin_close} is written if the daemon takes it within this time, otherwise the connection is
         * closed without it (the daemon then keeps the session for its grace period, as after
         * {@link ThinClient#disconnect()}).
         *
         * @param d positive
         * @return this builder
         * @throws IllegalArgumentException if {@code d} is zero or negative
         * @throws NullPointerException if {@code d} is null
         */
        public Builder closeTimeout(Duration d) {
            settings.closeTimeout = Durations.requirePositive(d, "closeTimeout");
            return this;
        }

        /**
         * TCP keepalive on connections to a TCP {@link Dial} (default {@link #DEFAULT_TCP_KEEPALIVE}: 30 s idle,
         * 10 s between probes, 3 probes), so that a link that died without a FIN or RST (a paused or partitioned
         * peer) is noticed with nothing in flight and reported as
         * {@link org.katzenpost.thin.event.DaemonDisconnectedEvent}, after which the client reconnects. Unix
         * sockets and WebSocket over a unix path are not affected. Unacknowledged writes are bounded by
         * {@link #writeStallTimeout(Duration)} instead.
         *
         * @param keepAlive the timing, or null to turn keepalive off
         * @return this builder
         */
        public Builder tcpKeepAlive(TcpKeepAlive keepAlive) {
            settings.tcpKeepAlive = keepAlive;
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
            settings.resumeSession = token;
            return this;
        }

        /**
         * Registers a listener for events of {@code type} on every client built from this config (several
         * listeners add up). It behaves as one added with {@link ThinClient#addListener(Class, Consumer)}, and is
         * added before the first connection, so it sees the first events.
         *
         * @param <E> the event type
         * @param type the class of the events (subtypes included; {@link ThinClientEvent} for all)
         * @param listener the listener
         * @return this builder
         * @throws NullPointerException if {@code type} or {@code listener} is null
         */
        public <E extends ThinClientEvent> Builder on(Class<E> type, Consumer<? super E> listener) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(listener, "listener");
            settings.listeners.add(client -> client.addListener(type, listener));
            return this;
        }

        /**
         * The original API's {@code on_connection_status}: {@link #on(Class, Consumer)} with
         * {@link ConnectionStatusEvent}.
         *
         * @param listener called with each event
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder onConnectionStatus(Consumer<? super ConnectionStatusEvent> listener) {
            return on(ConnectionStatusEvent.class, listener);
        }

        /**
         * The original API's {@code on_new_pki_document}: {@link #on(Class, Consumer)} with
         * {@link NewPkiDocumentEvent}.
         *
         * @param listener called with each event
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder onNewPkiDocument(Consumer<? super NewPkiDocumentEvent> listener) {
            return on(NewPkiDocumentEvent.class, listener);
        }

        /**
         * The original API's {@code on_message_sent}: {@link #on(Class, Consumer)} with {@link MessageSentEvent}.
         *
         * @param listener called with each event
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder onMessageSent(Consumer<? super MessageSentEvent> listener) {
            return on(MessageSentEvent.class, listener);
        }

        /**
         * The original API's {@code on_message_reply}: {@link #on(Class, Consumer)} with {@link MessageReplyEvent}.
         *
         * @param listener called with each event
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder onMessageReply(Consumer<? super MessageReplyEvent> listener) {
            return on(MessageReplyEvent.class, listener);
        }

        /**
         * Builds the config; the setters have checked each value. The builder stays usable.
         *
         * @return the immutable config
         * @throws NullPointerException if {@link #dial(Dial)} was not set
         */
        public ThinClientConfig build() {
            return new ThinClientConfig(this);
        }
    }
}
