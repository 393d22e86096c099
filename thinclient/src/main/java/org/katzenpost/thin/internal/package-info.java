/**
 * Internal helpers of the thin client (hashing).
 *
 * <p><b>Not API.</b> Public only because other packages of this library and the testkit use it; it may change in any
 * release without notice. Applications must not depend on it.
 */
package org.katzenpost.thin.internal;
