/**
 * Events a {@link org.katzenpost.thin.ThinClient} reports asynchronously: daemon events (connection status,
 * new PKI documents, replies to SURB sends, shutdown) and the client's own (disconnected, reconnecting,
 * reconnected).
 *
 * <p>Start with {@link org.katzenpost.thin.event.ThinClientEvent}, the sealed root of every event. Receive
 * events either push-style with {@code ThinClient.addListener} (a
 * {@link org.katzenpost.thin.event.ListenerRegistration} removes the listener again) or pull-style with
 * {@code ThinClient.subscribe} (an {@link org.katzenpost.thin.event.EventSubscription} with a bounded queue
 * and an {@link org.katzenpost.thin.event.OverflowPolicy}). Events arrive in the order the daemon sent them;
 * see {@code docs/protocol.md#events}.
 *
 * <p>Null arguments: unless a parameter's documentation says it may be null, a null argument throws
 * {@link java.lang.NullPointerException}, whether or not the method lists it (docs/api.md §1).
 */
package org.katzenpost.thin.event;
