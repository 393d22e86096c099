package org.katzenpost.testkit.internal;

import java.time.Instant;
import java.util.Objects;
import org.katzenpost.thin.internal.wire.Requests.Request;

/**
 * One request frame the simulator decoded, as the simulator keeps it; the public view of it is
 * {@link org.katzenpost.testkit.RecordedRequest}.
 *
 * @param connectionId the id of the connection it came on
 * @param request the decoded wire record
 * @param bodySize the frame body's length in bytes (the 4-byte length prefix not counted)
 * @param receivedAt when the frame was decoded
 */
public record Received(long connectionId, Request request, int bodySize, Instant receivedAt) {
    /** Checks the arguments. */
    public Received {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
