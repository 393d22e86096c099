package org.katzenpost.thin.internal.transport;

import java.io.IOException;
import org.katzenpost.thin.Dial;

/** WebSocket transport (placeholder until the implementation lands). */
final class WebSocketTransport {
    private WebSocketTransport() {}

    static Transport connect(Dial.Ws dial, long timeoutMillis) throws IOException {
        throw new IOException("WebSocket transport not implemented yet");
    }
}
