/**
 * The CBOR reader and writer behind the wire codec.
 *
 * <p><b>Not API.</b> Public only because other packages of this library and the testkit use it; it may change in any
 * release without notice. Applications must not depend on it.
 */
package org.katzenpost.thin.internal.cbor;
