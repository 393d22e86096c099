/**
 * Internal helpers of the thin client: shared threads, hashing, the kernel's random bytes and the like.
 *
 * <p><b>Not API.</b> Public only because other packages of this library use it, and the testkit (the one module it
 * is exported to); it may change in any release without notice. Applications must not depend on it.
 */
package org.katzenpost.thin.internal;
