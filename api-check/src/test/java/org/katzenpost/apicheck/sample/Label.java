package org.katzenpost.apicheck.sample;

/** A public type whose superclass users cannot name. */
public final class Label extends Base {
    @Override
    public int code() {
        return 3;
    }
}
