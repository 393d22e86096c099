package org.katzenpost.testkit.net;

import java.io.Closeable;
import java.io.IOException;
import org.katzenpost.thin.Dial;

/**
 * The listening side of one kpclientd transport, for the simulator and for tests.
 *
 * <p>{@link #close()} stops listening, unblocks a thread waiting in {@link #accept()} and returns once the
 * address can be bound again (waiting up to 5 s for that thread to leave {@code accept()}). For TCP and Unix
 * endpoints, connections already accepted stay open until closed themselves; the WebSocket endpoint stops
 * its server and so closes them too.
 */
public interface Endpoint extends Closeable {
    /**
     * What a thin client dials to reach this endpoint.
     *
     * @return the dial target, with the port or name actually bound
     */
    Dial dial();

    /**
     * Waits for the next client connection.
     *
     * @return the connection
     * @throws IOException once the endpoint is closed, or when accepting fails
     */
    Connection accept() throws IOException;
}
