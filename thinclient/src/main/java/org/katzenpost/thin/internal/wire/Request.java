package org.katzenpost.thin.internal.wire;

/** One thin-client request variant (client → daemon), docs/protocol.md#requests. See {@link Requests}. */
public interface Request {
    /** The top-level map key naming this variant on the wire. */
    String wireKey();
}
