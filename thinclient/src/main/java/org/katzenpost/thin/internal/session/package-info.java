/**
 * The connection state machine ({@link org.katzenpost.thin.internal.session.Session}) and its parts: the
 * handshake, the reader and dispatcher, call correlation and deadlines, SURB reply correlation, the reconnect
 * watchdog, and the connection's bounded writer.
 *
 * <p><b>Not API.</b> Public only because other packages of this library and the testkit use it; it may change in any
 * release without notice. Applications must not depend on it.
 */
package org.katzenpost.thin.internal.session;
