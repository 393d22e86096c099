/**
 * The daemon's half of the thin-protocol codec (docs/protocol.md#cbor): {@link
 * org.katzenpost.testkit.internal.wire.RequestDecoder} reads what a client sends and {@link
 * org.katzenpost.testkit.internal.wire.ResponseEncoder} writes what kpclientd sends. The client's half stays with the
 * message records in the library; this half lives here so that the client jar does not carry it.
 *
 * <p><b>Not API.</b> Used by the simulator, the benchmarks and tests; it may change in any release.
 */
package org.katzenpost.testkit.internal.wire;
