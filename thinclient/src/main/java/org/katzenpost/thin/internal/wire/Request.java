package org.katzenpost.thin.internal.wire;

/** One thin-client request variant (client → daemon), PROTOCOL.md §4.2. See {@link Requests}. */
public interface Request {
    /** The top-level map key naming this variant on the wire. */
    String wireKey();
}
