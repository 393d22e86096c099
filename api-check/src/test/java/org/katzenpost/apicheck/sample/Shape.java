package org.katzenpost.apicheck.sample;

/** Sample API for ApiDumpTest. */
public sealed interface Shape permits Circle, Square {
    /** @return the area */
    double area();

    /** @return a name */
    default String name() {
        return getClass().getSimpleName();
    }
}
