package org.katzenpost.thin.internal.wire;

/** A reply carrying the {@code query_id} of its request and a thin-namespace {@code error_code} (0 = success). */
public interface QueryReply extends Response {
    byte[] queryId();

    int errorCode();
}
