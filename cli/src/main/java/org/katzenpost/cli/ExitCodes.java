package org.katzenpost.cli;

/** The exit codes of {@code katzen}, documented in the help footer and docs/cli.md. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int DAEMON_UNREACHABLE = 3;
    public static final int TIMEOUT = 4;
    public static final int OFFLINE = 5;

    private ExitCodes() {}
}
