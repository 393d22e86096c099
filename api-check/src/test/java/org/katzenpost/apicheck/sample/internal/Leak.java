package org.katzenpost.apicheck.sample.internal;

/** Sample internal type for ApiDumpTest. */
public class Leak {}
