/**
 * Reading the reference {@code thinclient.toml} file (docs/protocol.md#thinclient-toml).
 *
 * <p><b>Not API.</b> Public only because other packages of this library use it; it may change in any
 * release without notice. Applications must not depend on it.
 */
package org.katzenpost.thin.internal.config;
