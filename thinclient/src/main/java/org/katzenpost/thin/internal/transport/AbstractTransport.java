package org.katzenpost.thin.internal.transport;

/** What every {@link Transport} shares: a description, for {@link #describe()} and {@link #toString()}. */
abstract class AbstractTransport implements Transport {
    private final String description;

    AbstractTransport(String description) {
        this.description = description;
    }

    @Override
    public final String describe() {
        return description;
    }

    @Override
    public String toString() {
        return "Transport[" + description + "]";
    }
}
