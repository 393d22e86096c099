package org.katzenpost.thin.internal.wire;

/** A request correlated with its reply by a 16-byte {@code query_id}. */
public interface QueryRequest extends Request {
    byte[] queryId();
}
