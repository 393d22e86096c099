package org.katzenpost.apicheck.sample;

/** Not API itself, but the public methods it gives {@link Label} are. */
abstract class Base {
    /** Inherited by a public type: part of its API. */
    public static final int WIDTH = 8;

    /**
     * Inherited by a public type: part of its API.
     *
     * @return a label
     */
    public String label() {
        return "base";
    }

    /**
     * Overridden by {@link Label}: dumped once.
     *
     * @return a code
     */
    public int code() {
        return 1;
    }

    int packagePrivateHelper() {
        return 2;
    }
}
