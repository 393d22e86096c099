/**
 * Pigeonhole: encrypted, write-once storage boxes on the mixnet's storage replicas, organised in BACAP
 * streams, and the channels built on them.
 *
 * <p>Start with {@link org.katzenpost.thin.pigeonhole.PigeonholeClient}, from a connected
 * {@link org.katzenpost.thin.ThinClient}'s {@link org.katzenpost.thin.ThinClient#pigeonhole()} (and
 * {@link org.katzenpost.thin.pigeonhole.PigeonholeClient#withTimeout} for another deadline): it creates streams ({@link org.katzenpost.thin.pigeonhole.Keypair}
 * with a {@link org.katzenpost.thin.pigeonhole.WriteCap} to keep secret and a
 * {@link org.katzenpost.thin.pigeonhole.ReadCap} to share), reads and writes boxes at a
 * {@link org.katzenpost.thin.pigeonhole.MessageBoxIndex}, runs all-or-nothing copy commands and contact
 * vouchers. {@link org.katzenpost.thin.pigeonhole.ChannelWriter} and
 * {@link org.katzenpost.thin.pigeonhole.ChannelReader} send and receive whole messages over a stream. Failures
 * are typed: {@link org.katzenpost.thin.pigeonhole.ReplicaErrorException} with a
 * {@link org.katzenpost.thin.pigeonhole.ReplicaErrorCode}, and the other exceptions of this package.
 *
 * <h2>Conventions of every call</h2>
 * <ul>
 * <li>Every call of {@link org.katzenpost.thin.pigeonhole.PigeonholeClient} returns a
 *     {@link java.util.concurrent.CompletableFuture} that fails with
 *     {@link org.katzenpost.thin.RequestTimeoutException} at the view's deadline,
 *     {@link org.katzenpost.thin.pigeonhole.PigeonholeClient#timeout()}. A view is immutable:
 *     {@link org.katzenpost.thin.pigeonhole.PigeonholeClient#withTimeout(java.time.Duration)} makes another one
 *     over the same connection with another deadline, for one call or to keep (docs/api.md, "Deadlines on
 *     everything"); {@link org.katzenpost.thin.ThinClient#pigeonhole()} has the config's request timeout. The
 *     blocking form of each call is in {@link org.katzenpost.thin.pigeonhole.PigeonholeClient#sync()}, with the
 *     same name and parameters: it waits and returns the value, throwing the
 *     {@link org.katzenpost.thin.ThinClientException} the future would fail with. Options travel in records
 *     ({@link org.katzenpost.thin.pigeonhole.ResendOptions}).</li>
 * <li>Bad arguments (null, wrong sizes, a plaintext over the geometry's limit, a request over kpclientd's 40 MiB
 *     frame limit) are thrown at once as {@link java.lang.IllegalArgumentException},
 *     {@link java.lang.NullPointerException} or {@link org.katzenpost.thin.PayloadTooLargeException}; every other
 *     failure fails the future.</li>
 * <li>A daemon error becomes a typed exception: {@link org.katzenpost.thin.DaemonErrorException} (thin codes,
 *     with the subclasses {@link org.katzenpost.thin.pigeonhole.ResendingCancelledException} and
 *     {@link org.katzenpost.thin.pigeonhole.CopyCommandFailedException}),
 *     {@link org.katzenpost.thin.pigeonhole.ReplicaErrorException} (replica codes),
 *     {@link org.katzenpost.thin.RequestTimeoutException} after the deadline.
 *     {@link org.katzenpost.thin.pigeonhole.PigeonholeClient#isExpectedOutcome(Throwable)} tells the outcomes
 *     that mean "done" (box not found, box already exists, tombstone) from failures.</li>
 * <li>Local calls (everything but the {@code startResending*} calls, {@code readBox} and {@code tombstoneRange},
 *     which sends a {@code start_resending_encrypted_message} per box) do not use the mixnet,
 *     so they work in offline mode; they are re-sent after a reconnect if their reply was lost. The
 *     {@code startResending*} calls are handed to the daemon even in offline mode (it queues them). Reads, and
 *     writes that take an existing box as success, are re-sent with the same query id after every reconnect; a
 *     write that must report "box already exists", and a copy command, only after the daemon restarted
 *     (docs/protocol.md#reconnect).</li>
 * <li>Cancelling the future of a {@code startResending*} call or a {@code readBox}, or letting its deadline
 *     pass, sends the matching cancel request, so the daemon stops resending. Cancelling any other future just
 *     forgets the request.</li>
 * <li>Results are immutable; byte arrays are copied in and out. Secrets (caps, indexes, keys, plaintexts,
 *     descriptors) never appear in {@code toString}, exception messages, or logs.</li>
 * </ul>
 *
 * <p>How it works on the wire: {@code docs/protocol.md#pigeonhole}; how to use it: {@code docs/pigeonhole.md}.
 *
 * <p>Null arguments: unless a parameter's documentation says it may be null, a null argument throws
 * {@link java.lang.NullPointerException}, whether or not the method lists it (docs/api.md §1).
 */
package org.katzenpost.thin.pigeonhole;
