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
 * <p>How it works on the wire: {@code docs/protocol.md#pigeonhole}; how to use it: {@code docs/pigeonhole.md}.
 */
package org.katzenpost.thin.pigeonhole;
