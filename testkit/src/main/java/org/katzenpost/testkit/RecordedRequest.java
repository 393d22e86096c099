package org.katzenpost.testkit;

import java.time.Instant;
import java.util.Objects;
import org.katzenpost.thin.internal.wire.Requests.Request;

/**
 * One request frame the simulator received and decoded, in arrival order.
 *
 * <p>{@link #toString()} names the connection and the variant only: request fields may hold caps, seeds and
 * payloads, which must not end up in logs.
 *
 * @param connectionId the {@link SimulatedConnection#id() id} of the connection it came on (1, 2, …)
 * @param request the decoded request (a {@code Requests.*} record; {@code Requests.Unknown} for a variant
 *     kpclientd does not know)
 * @param receivedAt when the frame was decoded
 */
public record RecordedRequest(long connectionId, Request request, Instant receivedAt) {
    public RecordedRequest {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** The request's wire key, e.g. {@code "send_message"}. */
    public String kind() {
        return request.wireKey();
    }

    @Override
    public String toString() {
        return "RecordedRequest[connection " + connectionId + ", " + request.wireKey() + "]";
    }
}
