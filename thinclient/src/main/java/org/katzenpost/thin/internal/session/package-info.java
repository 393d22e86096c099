/**
 * The connection state machine ({@link org.katzenpost.thin.internal.session.Session}) and its parts: the
 * handshake, the reader and dispatcher, call correlation and deadlines, SURB reply correlation, the reconnect
 * watchdog, the connection's bounded writer and its stall detection ({@code StallWatch}: a daemon that stops
 * reading, or stops sending in the middle of a frame).
 *
 * <p><b>Not API.</b> Public only because other packages of this library use it; it may change in any
 * release without notice. Applications must not depend on it.
 */
package org.katzenpost.thin.internal.session;
