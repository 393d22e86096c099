/**
 * Internal helpers of the thin client: durations, shared threads, hashing and the like.
 *
 * <p><b>Not API.</b> Public only because other packages of this library use it, and this project's other library
 * modules (the testkit, store, groups and micrometer modules, through a qualified export); it may change in any
 * release without notice. Applications must not depend on it.
 */
package org.katzenpost.thin.internal;
