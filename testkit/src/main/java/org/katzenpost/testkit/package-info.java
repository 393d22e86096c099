/**
 * Test support for applications of the Katzenpost thin client: {@link org.katzenpost.testkit.KpclientdSimulator},
 * an in-process kpclientd with a simulated mixnet, and the scripting types around it
 * ({@link org.katzenpost.testkit.ConnectionScript}, {@link org.katzenpost.testkit.Misbehaviour},
 * {@link org.katzenpost.testkit.HandshakeStep}, {@link org.katzenpost.testkit.SocketPolicy},
 * {@link org.katzenpost.testkit.SimulatedConnection}, {@link org.katzenpost.testkit.RecordedRequest}). Requests are
 * named by {@link org.katzenpost.thin.stats.RequestKind}; no public signature here names an internal type.
 *
 * <p>Null arguments: unless a parameter's documentation says it may be null, a null argument throws
 * {@link java.lang.NullPointerException}, whether or not the method lists it (docs/api.md §1).
 */
package org.katzenpost.testkit;
