/**
 * The wire model and codec: one record per request and response variant, framing and sizes (docs/protocol.md).
 *
 * <p><b>Not API.</b> Public only because other packages of this library and the testkit use it; it may change in any
 * release without notice. Applications must not depend on it.
 */
package org.katzenpost.thin.internal.wire;
