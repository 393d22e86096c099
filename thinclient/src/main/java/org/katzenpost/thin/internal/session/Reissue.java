package org.katzenpost.thin.internal.session;

/** When an in-flight request is written again after a reconnect. */
public enum Reissue {
    /**
     * Requests whose reply is lost with the connection and that have no side effect when sent twice: local
     * requests (keys, encryption, PKI, vouchers) and idempotent Pigeonhole resends. Re-sent after every
     * reconnect.
     */
    ALWAYS,
    /**
     * Mixnet operations the daemon tracks itself (the start_resending_* writes and copy commands; reads and
     * idempotent writes use {@link #ALWAYS}): re-sent only when the daemon restarted and lost them (a new instance
     * token), with the same query id, as the reference clients do.
     */
    ON_DAEMON_RESTART,
    /** Never re-sent; the caller owns any retry. */
    NEVER
}
