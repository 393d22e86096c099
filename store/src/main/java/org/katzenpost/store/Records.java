package org.katzenpost.store;

/** Holder of nothing: the row types are top-level records in this package. */
final class Records {
    private Records() {}

    static String redacted(byte[] secret) {
        return secret == null ? "null" : "<" + secret.length + " bytes>";
    }
}
