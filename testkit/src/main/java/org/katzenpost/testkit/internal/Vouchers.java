package org.katzenpost.testkit.internal;

import org.katzenpost.thin.internal.wire.QueryRequest;
import org.katzenpost.thin.internal.wire.Response;

/** Contact-voucher simulation (placeholder: answers error 4 until implemented). */
final class Vouchers {
    private final SimCore core;

    Vouchers(SimCore core) {
        this.core = core;
    }

    Response handle(QueryRequest req) {
        return Replies.error(req, Replies.INTERNAL_ERROR, 0);
    }

    void reset() {}
}
