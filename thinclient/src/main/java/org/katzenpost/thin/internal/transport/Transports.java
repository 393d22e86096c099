package org.katzenpost.thin.internal.transport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.katzenpost.thin.ConfigurationException;
import org.katzenpost.thin.DaemonConnectionException;
import org.katzenpost.thin.Dial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens a {@link Transport} for a {@link Dial} target. */
public final class Transports {
    private static final Logger log = LoggerFactory.getLogger(Transports.class);

    private Transports() {}

    /**
     * Connects to kpclientd.
     *
     * @param dial where the daemon listens
     * @param connectTimeout upper bound for establishing the connection (for WebSocket: including the
     *     opening handshake); must be positive
     * @throws DaemonConnectionException if the connection cannot be made; the message names the address and
     *     the cause, e.g. {@code cannot connect to kpclientd at tcp 127.0.0.1:64331: Connection refused}
     * @throws ConfigurationException if {@code dial} is an abstract-namespace address ({@code @name}) and the
     *     optional junixsocket library is missing or cannot load its native library; the message names its Maven
     *     coordinates (and, on the module path, the {@code --add-modules} to add)
     */
    public static Transport open(Dial dial, Duration connectTimeout) {
        return open(dial, connectTimeout, KeepAlive.OFF);
    }

    /**
     * Connects to kpclientd, with TCP keepalive settings for a TCP dial (ignored for the other kinds).
     *
     * @param dial where the daemon listens
     * @param connectTimeout upper bound for establishing the connection; must be positive
     * @param keepAlive TCP keepalive settings
     * @return the connected transport
     * @throws DaemonConnectionException if the connection cannot be made
     */
    public static Transport open(Dial dial, Duration connectTimeout, KeepAlive keepAlive) {
        Objects.requireNonNull(dial, "dial");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive, got " + connectTimeout);
        }
        long timeoutMillis = Math.max(1, saturatedMillis(connectTimeout));
        log.debug("connecting to kpclientd at {} (timeout {} ms)", dial, timeoutMillis);
        try {
            Transport t;
            if (dial instanceof Dial.Tcp tcp) {
                t = openTcp(tcp, timeoutMillis, keepAlive);
            } else if (dial instanceof Dial.Unix unix) {
                t = unix.isAbstract() ? openAbstract(unix, timeoutMillis) : openUnixPath(unix, timeoutMillis);
            } else if (dial instanceof Dial.Ws ws) {
                t = WebSocketTransport.connect(ws, timeoutMillis);
            } else {
                throw new IllegalArgumentException("unknown dial kind " + dial);
            }
            log.debug("connected to kpclientd at {}", dial);
            return t;
        } catch (SocketTimeoutException e) {
            throw failure(dial, "timed out after " + timeoutMillis + " ms", e);
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
            throw failure(dial, "interrupted", e);
        } catch (UnknownHostException e) {
            throw failure(dial, "unknown host " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DaemonConnectionException || e instanceof ConfigurationException) {
                throw (RuntimeException) e;
            }
            throw failure(dial, reason(e), e);
        }
    }

    /**
     * Runs a short task once after a delay on the JVM-wide timer ({@link org.katzenpost.thin.internal.SharedThreads},
     * shared by every client), so that a handshake deadline does not start a timer thread per client.
     *
     * @param task quick work, e.g. closing a socket
     * @param delay how long to wait
     * @return the scheduled task, to cancel
     */
    public static java.util.concurrent.ScheduledFuture<?> later(Runnable task, Duration delay) {
        return ConnectTimer.later(task, Math.max(1, saturatedMillis(delay)));
    }

    static DaemonConnectionException failure(Dial dial, String why, Throwable cause) {
        log.debug("cannot connect to kpclientd at {}: {}", dial, why);
        return new DaemonConnectionException("cannot connect to kpclientd at " + dial + ": " + why, cause);
    }

    static String reason(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static long saturatedMillis(Duration d) {
        try {
            return d.toMillis();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static int intMillis(long millis) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, millis));
    }

    // ---- TCP

    private static Transport openTcp(Dial.Tcp dial, long timeoutMillis, KeepAlive keepAlive) throws IOException {
        long deadline = System.nanoTime() + Math.min(timeoutMillis, Long.MAX_VALUE / 2_000_000L) * 1_000_000L;
        List<InetAddress> candidates = resolve(dial);
        IOException last = null;
        for (InetAddress address : candidates) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                throw new SocketTimeoutException("connect timed out");
            }
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                keepAlive.apply(socket);
                socket.connect(new InetSocketAddress(address, dial.port()), intMillis(left));
                return new SocketTransport(socket, dial.toString());
            } catch (IOException e) {
                closeQuietly(socket);
                if (e instanceof SocketTimeoutException) {
                    throw e;
                }
                log.debug("connect to {} ({}) failed: {}", dial, address, e.toString());
                if (last != null) {
                    e.addSuppressed(last);
                }
                last = e;
            }
        }
        throw last != null ? last : new UnknownHostException(dial.host());
    }

    static List<InetAddress> resolve(Dial.Tcp dial) throws UnknownHostException {
        String host = dial.host();
        InetAddress[] all;
        if (host.isEmpty()) {
            // Go dials the local system for an empty host
            all = switch (dial.network()) {
                case "tcp6" -> new InetAddress[] {InetAddress.getByName("::1")};
                case "tcp4" -> new InetAddress[] {InetAddress.getByName("127.0.0.1")};
                default -> new InetAddress[] {InetAddress.getLoopbackAddress()};
            };
        } else {
            all = InetAddress.getAllByName(host);
        }
        List<InetAddress> out = new ArrayList<>();
        for (InetAddress a : all) {
            boolean ok = switch (dial.network()) {
                case "tcp4" -> a instanceof Inet4Address;
                case "tcp6" -> a instanceof Inet6Address;
                default -> true;
            };
            if (ok) {
                out.add(a);
            }
        }
        if (out.isEmpty()) {
            throw new UnknownHostException(host + " (no " + (dial.network().equals("tcp4") ? "IPv4" : "IPv6")
                    + " address)");
        }
        return out;
    }

    // ---- Unix-domain, filesystem path (JDK)

    private static Transport openUnixPath(Dial.Unix dial, long timeoutMillis) throws IOException {
        UnixDomainSocketAddress address;
        try {
            address = UnixDomainSocketAddress.of(dial.address());
        } catch (RuntimeException e) {
            throw new IOException("invalid socket path: " + reason(e), e);
        }
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        boolean ok = false;
        try (ConnectTimer timer = ConnectTimer.start(channel, timeoutMillis)) {
            try {
                channel.connect(address);
            } catch (IOException e) {
                if (timer.fired()) {
                    throw timeout(e);
                }
                throw e;
            }
            timer.close();
            if (timer.fired()) {
                throw new SocketTimeoutException("connect timed out");
            }
            ok = true;
            return new ChannelTransport(channel, dial.toString());
        } finally {
            if (!ok) {
                closeQuietly(channel);
            }
        }
    }

    // ---- Unix-domain, Linux abstract namespace (optional junixsocket, only linked from AbstractUnixSockets)

    private static Transport openAbstract(Dial.Unix dial, long timeoutMillis) throws IOException {
        OptionalDependency.requireJunixsocket(dial);
        return AbstractUnixSockets.open(dial, intMillis(timeoutMillis));
    }

    private static SocketTimeoutException timeout(IOException cause) {
        SocketTimeoutException e = new SocketTimeoutException("connect timed out");
        e.initCause(cause);
        return e;
    }

    /** Closes {@code c} on a path that already failed or is ending: a failure to close is logged, not thrown. */
    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.debug("closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
        }
    }
}
