package org.katzenpost.thin;

import static org.katzenpost.thin.ThinClientConfig.DEFAULT_CLOSE_TIMEOUT;
import static org.katzenpost.thin.ThinClientConfig.DEFAULT_CONNECT_TIMEOUT;
import static org.katzenpost.thin.ThinClientConfig.DEFAULT_DISCONNECTED_CALL_POLICY;
import static org.katzenpost.thin.ThinClientConfig.DEFAULT_EVENT_QUEUE_CAPACITY;
import static org.katzenpost.thin.ThinClientConfig.DEFAULT_HANDSHAKE_TIMEOUT;
import static org.katzenpost.thin.ThinClientConfig.DEFAULT_LISTENER_OVERFLOW_POLICY;
import static org.katzenpost.thin.ThinClientConfig.DEFAULT_RECONNECT;
import static org.katzenpost.thin.ThinClientConfig.DEFAULT_RECONNECT_DELAY;
import static org.katzenpost.thin.ThinClientConfig.DEFAULT_RELIABLE_SEND_POLICY;
import static org.katzenpost.thin.ThinClientConfig.DEFAULT_REQUEST_TIMEOUT;
import static org.katzenpost.thin.ThinClientConfig.DEFAULT_TCP_KEEPALIVE;
import static org.katzenpost.thin.ThinClientConfig.DEFAULT_WRITE_STALL_TIMEOUT;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.katzenpost.thin.ThinClientConfig.DisconnectedCallPolicy;
import org.katzenpost.thin.event.OverflowPolicy;

/**
 * The settings of a {@link ThinClientConfig}, one field each, listed once for the config and its builder: a
 * {@link ThinClientConfig.Builder} changes its own instance, and a config holds a {@link #checked()} copy that
 * nothing changes afterwards. A new instance holds the defaults ({@code ThinClientConfig.DEFAULT_*}).
 */
final class ConfigSettings {
    Dial dial;
    Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
    Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    boolean reconnect = DEFAULT_RECONNECT;
    ReconnectDelay reconnectDelay = DEFAULT_RECONNECT_DELAY;
    DisconnectedCallPolicy disconnectedCallPolicy = DEFAULT_DISCONNECTED_CALL_POLICY;
    int eventQueueCapacity = DEFAULT_EVENT_QUEUE_CAPACITY;
    OverflowPolicy listenerOverflowPolicy = DEFAULT_LISTENER_OVERFLOW_POLICY;
    ReliableSendPolicy reliableSendPolicy = DEFAULT_RELIABLE_SEND_POLICY;
    /** Each adds one listener registered with {@link ThinClientConfig.Builder#on} to a new client. */
    List<Consumer<ThinClient>> listeners = new ArrayList<>();
    Duration writeStallTimeout = DEFAULT_WRITE_STALL_TIMEOUT;
    Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
    TcpKeepAlive tcpKeepAlive = DEFAULT_TCP_KEEPALIVE;
    SessionToken resumeSession;

    /** {@return a copy to change (its own listener list)} */
    ConfigSettings copy() {
        return copyWith(new ArrayList<>(listeners));
    }

    /** {@return a copy of every setting but the listeners, which are {@code listenerList}} */
    private ConfigSettings copyWith(List<Consumer<ThinClient>> listenerList) {
        ConfigSettings c = new ConfigSettings();
        c.dial = dial;
        c.connectTimeout = connectTimeout;
        c.handshakeTimeout = handshakeTimeout;
        c.requestTimeout = requestTimeout;
        c.reconnect = reconnect;
        c.reconnectDelay = reconnectDelay;
        c.disconnectedCallPolicy = disconnectedCallPolicy;
        c.eventQueueCapacity = eventQueueCapacity;
        c.listenerOverflowPolicy = listenerOverflowPolicy;
        c.reliableSendPolicy = reliableSendPolicy;
        c.listeners = listenerList;
        c.writeStallTimeout = writeStallTimeout;
        c.closeTimeout = closeTimeout;
        c.tcpKeepAlive = tcpKeepAlive;
        c.resumeSession = resumeSession;
        return c;
    }

    /**
     * {@return a copy for a config, its listener list immutable} The builder's setters checked every value they
     * took (defaults are valid); what is left is the one setting without a default.
     */
    ConfigSettings checked() {
        Objects.requireNonNull(dial, "dial: set where kpclientd listens (Dial.tcp, Dial.unix, Dial.ws)");
        return copyWith(List.copyOf(listeners));
    }
}
