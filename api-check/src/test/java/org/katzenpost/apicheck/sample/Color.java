package org.katzenpost.apicheck.sample;

/** Sample API for ApiDumpTest. */
public enum Color {
    RED, GREEN
}
