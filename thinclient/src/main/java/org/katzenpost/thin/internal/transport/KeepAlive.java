package org.katzenpost.thin.internal.transport;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import jdk.net.ExtendedSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TCP keepalive settings for a TCP connection to kpclientd (ThinClientConfig.Builder#tcpKeepAlive, TcpKeepAlive): SO_KEEPALIVE,
 * and TCP_KEEPIDLE / TCP_KEEPINTERVAL / TCP_KEEPCOUNT from {@link ExtendedSocketOptions} where the platform
 * supports them. The JDK offers no TCP_USER_TIMEOUT; the session bounds unacknowledged writes with its
 * write-stall limit instead.
 *
 * @param enabled whether to turn keepalive on at all
 * @param idleSeconds TCP_KEEPIDLE, whole seconds, at least 1
 * @param intervalSeconds TCP_KEEPINTERVAL, whole seconds, at least 1
 * @param count TCP_KEEPCOUNT, at least 1
 */
public record KeepAlive(boolean enabled, int idleSeconds, int intervalSeconds, int count) {
    private static final Logger log = LoggerFactory.getLogger(KeepAlive.class);

    /** Keepalive off. */
    public static final KeepAlive OFF = new KeepAlive(false, 1, 1, 1);

    /**
     * Keepalive on with this timing; durations are rounded up to whole seconds.
     *
     * @param idle idle time before the first probe
     * @param interval time between probes
     * @param count unanswered probes before the link is dead
     * @return the settings
     */
    public static KeepAlive of(Duration idle, Duration interval, int count) {
        return new KeepAlive(true, seconds(idle), seconds(interval), count);
    }

    private static int seconds(Duration d) {
        long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, s));
    }

    /** Applies the settings to a TCP socket; options the platform lacks are skipped (logged at debug). */
    void apply(Socket socket) throws IOException {
        if (!enabled) {
            return;
        }
        socket.setKeepAlive(true);
        java.util.Set<java.net.SocketOption<?>> supported = socket.supportedOptions();
        if (supported.contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
            socket.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, idleSeconds);
            socket.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, intervalSeconds);
            socket.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, count);
        } else {
            log.debug("this platform does not let us set the TCP keepalive timing; the system's applies");
        }
    }
}
