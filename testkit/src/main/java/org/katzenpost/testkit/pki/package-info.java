/**
 * Synthetic PKI documents for tests and benchmarks, shaped like the ones kpclientd sends
 * ({@code docs/protocol.md#pki}).
 *
 * <p>Start with {@link org.katzenpost.testkit.pki.SyntheticPki}, which builds stripped and signed documents
 * with mixes, gateways, service nodes and replicas; {@link org.katzenpost.testkit.pki.CborValues} encodes plain
 * Java values the way the daemon's CBOR encoder does.
 *
 * <p>Null arguments: unless a parameter's documentation says it may be null, a null argument throws
 * {@link java.lang.NullPointerException}, whether or not the method lists it (docs/api.md §1).
 */
package org.katzenpost.testkit.pki;
