/**
 * The Katzenpost thin client: a Java library that talks to kpclientd, the Katzenpost client daemon, over
 * TCP, a Unix-domain socket or a WebSocket.
 *
 * <p>Start with {@link org.katzenpost.thin.ThinClientConfig} (where the daemon listens, timeouts, reconnection;
 * {@link org.katzenpost.thin.Dial} picks the transport) and {@link org.katzenpost.thin.ThinClient}, which
 * connects, follows the daemon's PKI documents and sends messages through the mixnet. The typed identifiers
 * ({@link org.katzenpost.thin.MessageId}, {@link org.katzenpost.thin.SurbId},
 * {@link org.katzenpost.thin.QueryId}), the geometries the daemon announces
 * ({@link org.katzenpost.thin.SphinxGeometry}, {@link org.katzenpost.thin.PigeonholeGeometry}) and the
 * exception hierarchy rooted at {@link org.katzenpost.thin.ThinClientException} live here too.
 *
 * <p>Related packages: {@code org.katzenpost.thin.event} (what the client reports asynchronously),
 * {@code org.katzenpost.thin.pki} (the consensus document and service discovery) and
 * {@code org.katzenpost.thin.pigeonhole} (Pigeonhole storage and channels). The wire protocol is described in
 * {@code docs/protocol.md}. Packages under {@code org.katzenpost.thin.internal} are not API.
 *
 * <p>Null arguments: unless a parameter's documentation says it may be null, a null argument throws
 * {@link java.lang.NullPointerException}, whether or not the method lists it (docs/api.md §1).
 */
package org.katzenpost.thin;
