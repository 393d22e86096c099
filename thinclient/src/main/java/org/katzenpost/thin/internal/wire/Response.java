package org.katzenpost.thin.internal.wire;

/** One daemon → client message variant (reply or event), docs/protocol.md#responses. See {@link Responses}. */
public interface Response {
    /** The top-level map key naming this variant on the wire. */
    String wireKey();
}
