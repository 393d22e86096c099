/**
 * Crash-safe Pigeonhole channels on SQLite: what was sent, received and in transfer survives a crash of the
 * program at any point.
 *
 * <p>Start with {@link org.katzenpost.store.PersistentChannels}, which sends and receives over channels kept
 * in a {@link org.katzenpost.store.ChannelStore}, talking to kpclientd through the thin client's typed
 * {@link org.katzenpost.thin.pigeonhole.PigeonholeClient} ({@code PersistentChannels.offline} for what needs no
 * daemon). The records ({@link org.katzenpost.store.WriteChannel},
 * {@link org.katzenpost.store.ReadChannel}, {@link org.katzenpost.store.OutgoingMessage},
 * {@link org.katzenpost.store.ReceivedMessage}, {@link org.katzenpost.store.Transfer},
 * {@link org.katzenpost.store.CopyElement}) are rows of the store; their caps, indices and copy-stream buffers
 * are the thin client's typed values, kept in the tables as their wire bytes. Failures are
 * {@link org.katzenpost.store.StoreException}. {@link org.katzenpost.store.OwnerOnlyFiles} creates files only
 * their owner can read.
 *
 * <p>Null arguments: unless a parameter's documentation says it may be null, a null argument throws
 * {@link java.lang.NullPointerException}, whether or not the method lists it (docs/api.md §1).
 */
package org.katzenpost.store;
