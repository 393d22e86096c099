package org.katzenpost.thin.internal.transport;

import java.io.IOException;
import org.katzenpost.thin.Dial;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Connects to a Linux abstract-namespace Unix socket ({@code @name}) with junixsocket, which the JDK cannot do.
 * junixsocket is an optional dependency of the library: this is the only class that links to it, and it is
 * loaded only after {@link OptionalDependency#requireJunixsocket} found junixsocket (docs/performance.md,
 * "Footprint"). junixsocket's classes without its native library ({@code junixsocket-common} alone) fail here,
 * which {@link OptionalDependency#requireUsable} and the catch of {@link LinkageError} turn into a
 * {@link org.katzenpost.thin.ConfigurationException}.
 */
final class AbstractUnixSockets {
    private AbstractUnixSockets() {}

    static Transport open(Dial.Unix dial, int timeoutMillis) throws IOException {
        // junixsocket-common without its native library links but cannot work: a clear error, not a LinkageError
        // (a lambda, so that junixsocket is first touched inside requireUsable's catch)
        OptionalDependency.requireUsable(dial, () -> AFUNIXSocket.isSupported());
        try {
            return connect(dial, timeoutMillis);
        } catch (LinkageError e) {
            throw OptionalDependency.unusableJunixsocket(dial, e);
        }
    }

    private static Transport connect(Dial.Unix dial, int timeoutMillis) throws IOException {
        AFUNIXSocketAddress address = AFUNIXSocketAddress.inAbstractNamespace(dial.abstractName());
        AFUNIXSocket socket = AFUNIXSocket.newInstance();
        boolean ok = false;
        try {
            // A blocking AF_UNIX connect waits while the listener's backlog is full. junixsocket's own connect
            // timeout does not bound that wait, and closing the socket from another thread does not wake it,
            // but the kernel bounds it by SO_SNDTIMEO, which junixsocket's SO_TIMEOUT sets.
            socket.setSoTimeout(timeoutMillis);
            socket.connect(address, timeoutMillis);
            socket.setSoTimeout(0);
            ok = true;
            return new SocketTransport(socket, dial.toString());
        } finally {
            if (!ok) {
                Transports.closeQuietly(socket);
            }
        }
    }
}
