package org.katzenpost.thin.pigeonhole;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.katzenpost.thin.PayloadTooLargeException;
import org.katzenpost.thin.PigeonholeGeometry;
import org.katzenpost.thin.ProtocolViolationException;
import org.katzenpost.thin.QueryId;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.Durations;
import org.katzenpost.thin.internal.session.Reissue;
import org.katzenpost.thin.internal.session.Session;
import org.katzenpost.thin.internal.wire.BoxMessages;
import org.katzenpost.thin.internal.wire.CourierEnvelopeMessages;
import org.katzenpost.thin.internal.wire.CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayload.EnvelopeDestination;
import org.katzenpost.thin.internal.wire.Requests.QueryRequest;
import org.katzenpost.thin.internal.wire.ResendMessages;
import org.katzenpost.thin.internal.wire.Responses.QueryReply;
import org.katzenpost.thin.internal.wire.VoucherMessages;
import org.katzenpost.thin.internal.wire.WireSizes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Pigeonhole calls do, behind {@link PigeonholeClient}'s public methods (which document them): argument
 * checks, request building, reply mapping and the cancel sent when a resend ends early. Every call takes its
 * deadline explicitly; a {@link PigeonholeClient} view passes its own, and the channel classes pass what is left of
 * theirs. One per {@link org.katzenpost.thin.ThinClient}, shared by all its views; stateless apart from the session.
 */
final class PigeonholeCalls {
    private static final Logger log = LoggerFactory.getLogger(PigeonholeCalls.class);


    private final Session session;

    PigeonholeCalls(Session session) {
        this.session = Objects.requireNonNull(session, "session");
    }

    int maxPlaintextPayloadLength() {
        PigeonholeGeometry g = session.pigeonholeGeometry();
        return g == null ? 0 : g.maxPlaintextPayloadLength();
    }

    // ================================================================== new_keypair, encrypt_read/write

    CompletableFuture<Keypair> newKeypair(byte[] seed, Duration timeout) {
        Objects.requireNonNull(seed, "seed");
        if (seed.length != PigeonholeClient.SEED_LENGTH) {
            throw new IllegalArgumentException("seed must be exactly " + PigeonholeClient.SEED_LENGTH
                    + " bytes, got " + seed.length);
        }
        return local(new BoxMessages.NewKeypair(qid(), seed.clone()), BoxMessages.NewKeypairReply.class,
                timeout, r -> new Keypair(WriteCap.of(need(r.writeCap(), "write_cap")),
                        ReadCap.of(need(r.readCap(), "read_cap")),
                        MessageBoxIndex.adopt(need(r.firstMessageIndex(), "first_message_index"))));
    }

    CompletableFuture<EncryptedMessage> encryptRead(ReadCap readCap, MessageBoxIndex index, Duration timeout) {
        Objects.requireNonNull(readCap, "readCap");
        Objects.requireNonNull(index, "index");
        return local(new BoxMessages.EncryptRead(qid(), readCap.raw(), index.raw()),
                BoxMessages.EncryptReadReply.class, timeout, r -> EncryptedMessage.forRead(readCap, index,
                        need(r.messageCiphertext(), "message_ciphertext"),
                        EnvelopeDescriptor.adopt(need(r.envelopeDescriptor(), "envelope_descriptor")),
                        EnvelopeHash.adopt(need(r.envelopeHash(), "envelope_hash")),
                        MessageBoxIndex.adopt(need(r.nextMessageBoxIndex(), "next_message_box_index"))));
    }

    CompletableFuture<EncryptedMessage> encryptWrite(byte[] plaintext, WriteCap writeCap, MessageBoxIndex index,
            Duration timeout) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(writeCap, "writeCap");
        Objects.requireNonNull(index, "index");
        int max = maxPlaintextPayloadLength();
        if (max > 0 && plaintext.length > max) {
            throw new PayloadTooLargeException("plaintext of " + plaintext.length + " bytes exceeds the "
                    + max + "-byte MaxPlaintextPayloadLength of this mixnet's Pigeonhole geometry");
        }
        return local(new BoxMessages.EncryptWrite(qid(), plaintext.clone(), writeCap.raw(), index.raw()),
                BoxMessages.EncryptWriteReply.class, timeout, r -> EncryptedMessage.forWrite(writeCap, index,
                        need(r.messageCiphertext(), "message_ciphertext"),
                        EnvelopeDescriptor.adopt(need(r.envelopeDescriptor(), "envelope_descriptor")),
                        EnvelopeHash.adopt(need(r.envelopeHash(), "envelope_hash")),
                        MessageBoxIndex.adopt(need(r.nextMessageBoxIndex(), "next_message_box_index"))));
    }

    // ================================================================== start/cancel resending

    CompletableFuture<ResendResult> startResendingEncryptedMessage(EncryptedMessage message, ResendOptions options,
            Duration timeout) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(options, "options");
        Durations.requirePositive(timeout, "timeout");
        EnvelopeHash hash = message.envelopeHash();
        ResendMessages.StartResendingEncryptedMessage req = new ResendMessages.StartResendingEncryptedMessage(
                qid(),
                message.readCap().map(ReadCap::raw).orElse(null),
                message.writeCap().map(WriteCap::raw).orElse(null),
                message.boxIndex().raw(), null, message.envelopeDescriptor().raw(), message.rawCiphertext(),
                hash.raw(), options.noRetryOnBoxIdNotFound(), options.boxAlreadyExistsAsError());
        boolean read = message.isRead();
        // kpclientd loses a resend whose connection drops while it is queued or whose result comes back while
        // we are away, even when it resumes our session. Reads, and writes that treat an existing box as
        // success, are idempotent: send them again after every reconnect. A write that must report "box
        // already exists" would see its own first attempt, so it is re-sent only to a restarted daemon.
        Reissue reissue = read || !options.boxAlreadyExistsAsError() ? Reissue.ALWAYS : Reissue.ON_DAEMON_RESTART;
        CompletableFuture<ResendMessages.StartResendingEncryptedMessageReply> call = session.call(req,
                ResendMessages.StartResendingEncryptedMessageReply.class, timeout, reissue);
        return mixnet(call, r -> {
            Courier courier = courierOf(r.courierIdentityHash(), r.courierQueueId());
            if (r.errorCode() != 0) {
                throw PigeonholeErrors.resend(req.wireKey(), r.errorCode(), courier);
            }
            if (!read) {
                return new ResendResult(null, courier);
            }
            if (r.plaintext() == null) {
                throw new ProtocolViolationException(req.wireKey()
                        + "_reply for a read succeeded but carried no plaintext");
            }
            // Reported as the daemon said it: kpclientd v0.0.99 reports a tombstoned box as replica code 11 with
            // no plaintext (handled above), so a success with an empty plaintext is an empty box content, not a
            // tombstone (docs/integration.md, "Tombstones on the wire").
            return new ResendResult(r.plaintext(), courier);
        }, () -> cancelQuietly(new ResendMessages.CancelResendingEncryptedMessage(qid(), hash.raw()),
                ResendMessages.CancelResendingEncryptedMessageReply.class, hash));
    }

    CompletableFuture<Void> cancelResendingEncryptedMessage(EnvelopeHash envelopeHash, Duration timeout) {
        Objects.requireNonNull(envelopeHash, "envelopeHash");
        return local(new ResendMessages.CancelResendingEncryptedMessage(qid(), envelopeHash.raw()),
                ResendMessages.CancelResendingEncryptedMessageReply.class, timeout, r -> null);
    }

    // ================================================================== copy commands

    CompletableFuture<Void> startResendingCopyCommand(WriteCap tempWriteCap, Courier courier, Duration timeout) {
        Objects.requireNonNull(tempWriteCap, "tempWriteCap");
        Durations.requirePositive(timeout, "timeout");
        WriteCapHash hash = tempWriteCap.hash();
        ResendMessages.StartResendingCopyCommand req = new ResendMessages.StartResendingCopyCommand(qid(),
                tempWriteCap.raw(),
                courier == null ? null : courier.rawIdentityHash(), courier == null ? null : courier.rawQueueId());
        CompletableFuture<ResendMessages.StartResendingCopyCommandReply> call = session.call(req,
                ResendMessages.StartResendingCopyCommandReply.class, timeout, Reissue.ON_DAEMON_RESTART);
        return mixnet(call, r -> {
            if (r.errorCode() != 0) {
                throw PigeonholeErrors.copy(req.wireKey(), r.errorCode(), r.replicaErrorCode(),
                        r.failedEnvelopeIndex());
            }
            return (Void) null;
        }, () -> cancelQuietly(new ResendMessages.CancelResendingCopyCommand(qid(), hash.raw()),
                ResendMessages.CancelResendingCopyCommandReply.class, hash));
    }

    CompletableFuture<Void> cancelResendingCopyCommand(WriteCapHash writeCapHash, Duration timeout) {
        Objects.requireNonNull(writeCapHash, "writeCapHash");
        return local(new ResendMessages.CancelResendingCopyCommand(qid(), writeCapHash.raw()),
                ResendMessages.CancelResendingCopyCommandReply.class, timeout, r -> null);
    }

    // ================================================================== index helpers

    CompletableFuture<MessageBoxIndex> nextMessageBoxIndex(MessageBoxIndex index, Duration timeout) {
        Objects.requireNonNull(index, "index");
        return local(new BoxMessages.NextMessageBoxIndex(qid(), index.raw()),
                BoxMessages.NextMessageBoxIndexReply.class, timeout,
                r -> MessageBoxIndex.adopt(need(r.nextMessageBoxIndex(), "next_message_box_index")));
    }

    CompletableFuture<Long> getMessageBoxIndexCounter(MessageBoxIndex index, Duration timeout) {
        Objects.requireNonNull(index, "index");
        return local(new BoxMessages.GetMessageBoxIndexCounter(qid(), index.raw()),
                BoxMessages.GetMessageBoxIndexCounterReply.class, timeout, r -> r.counter());
    }

    // ================================================================== copy-stream builders

    CompletableFuture<CourierEnvelopes> createCourierEnvelopesFromPayload(byte[] payload, WriteCap destWriteCap,
            MessageBoxIndex destStartIndex, boolean isStart, boolean isLast, Duration timeout) {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(destWriteCap, "destWriteCap");
        Objects.requireNonNull(destStartIndex, "destStartIndex");
        CopyChunks.checkCallPayload(payload.length, "payload");
        return local(new CourierEnvelopeMessages.CreateCourierEnvelopesFromPayload(qid(), payload.clone(),
                        destWriteCap.raw(), destStartIndex.raw(), isStart, isLast),
                CourierEnvelopeMessages.CreateCourierEnvelopesFromPayloadReply.class, timeout,
                r -> new CourierEnvelopes(envelopes(r.envelopes()), CopyStreamBuffer.EMPTY,
                        List.of(MessageBoxIndex.adopt(need(r.nextDestIndex(), "next_dest_index")))));
    }

    CompletableFuture<CourierEnvelopes> createCourierEnvelopesFromPayloads(List<CopyDestination> destinations,
            boolean isStart, boolean isLast, CopyStreamBuffer buffer, Duration timeout) {
        Objects.requireNonNull(destinations, "destinations");
        if (destinations.isEmpty()) {
            throw new IllegalArgumentException("destinations must not be empty");
        }
        List<EnvelopeDestination> wire = new ArrayList<>(destinations.size());
        for (CopyDestination d : destinations) {
            Objects.requireNonNull(d, "destination");
            CopyChunks.checkCallPayload(d.rawPayload().length, "destination payload");
            wire.add(new EnvelopeDestination(d.rawPayload(), d.writeCap().raw(), d.startIndex().raw()));
        }
        CopyStreamBuffer buf = buffer == null ? CopyStreamBuffer.EMPTY : buffer;
        int n = destinations.size();
        return local(new CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayload(qid(), wire, isStart, isLast,
                        buf.isEmpty() ? null : buf.raw()),
                CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayloadReply.class, timeout, r -> {
                    List<byte[]> next = need(r.nextDestIndices(), "next_dest_indices");
                    if (next.size() != n) {
                        throw new ProtocolViolationException("create_courier_envelopes_from_multi_payload_reply has "
                                + next.size() + " next indices for " + n + " destinations");
                    }
                    List<MessageBoxIndex> indices = new ArrayList<>(n);
                    for (byte[] b : next) {
                        indices.add(MessageBoxIndex.of(b));
                    }
                    return new CourierEnvelopes(envelopes(r.envelopes()), CopyStreamBuffer.of(r.buffer()), indices);
                });
    }

    CompletableFuture<CourierEnvelopes> createCourierEnvelopesFromTombstoneRange(WriteCap destWriteCap,
            MessageBoxIndex destStartIndex, long maxCount, boolean isStart, boolean isLast, CopyStreamBuffer buffer,
            Duration timeout) {
        Objects.requireNonNull(destWriteCap, "destWriteCap");
        Objects.requireNonNull(destStartIndex, "destStartIndex");
        if (maxCount < 0 || maxCount > WireSizes.MAX_COUNT_MAX) {
            throw new IllegalArgumentException("maxCount must be 0 to " + WireSizes.MAX_COUNT_MAX + ", got " + maxCount);
        }
        CopyStreamBuffer buf = buffer == null ? CopyStreamBuffer.EMPTY : buffer;
        return local(new CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRange(qid(), destWriteCap.raw(),
                        destStartIndex.raw(), maxCount, isStart, isLast, buf.isEmpty() ? null : buf.raw()),
                CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRangeReply.class, timeout,
                r -> new CourierEnvelopes(envelopes(r.envelopes()), CopyStreamBuffer.of(r.buffer()),
                        List.of(MessageBoxIndex.adopt(need(r.nextDestIndex(), "next_dest_index")))));
    }

    // ================================================================== tombstone range (client side)

    CompletableFuture<TombstoneRangeResult> tombstoneRange(WriteCap writeCap, MessageBoxIndex start, int count,
            Duration timeout) {
        Objects.requireNonNull(writeCap, "writeCap");
        Objects.requireNonNull(start, "start");
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
        long deadline = Durations.deadline(Durations.requirePositive(timeout, "timeout"));
        CompletableFuture<TombstoneRangeResult> out = new CompletableFuture<>();
        AtomicReference<CompletableFuture<?>> inFlight = new AtomicReference<>();
        out.whenComplete((r, t) -> {
            CompletableFuture<?> f = inFlight.get();
            if (out.isCancelled() && f != null) {
                f.cancel(false);
            }
        });
        tombstoneStep(writeCap, start, 0, count, deadline, timeout, out, inFlight);
        return out;
    }

    private void tombstoneStep(WriteCap writeCap, MessageBoxIndex index, int done, int count, long deadline,
            Duration timeout, CompletableFuture<TombstoneRangeResult> out,
            AtomicReference<CompletableFuture<?>> inFlight) {
        if (out.isDone()) {
            return;
        }
        if (done == count) {
            out.complete(new TombstoneRangeResult(done, index));
            return;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            out.completeExceptionally(new TombstoneRangeException(new TombstoneRangeResult(done, index), count,
                    new RequestTimeoutException("tombstoneRange did not finish within " + timeout)));
            return;
        }
        CompletableFuture<EncryptedMessage> enc;
        try {
            enc = encryptWrite(new byte[0], writeCap, index, Duration.ofNanos(left));
        } catch (RuntimeException e) {
            out.completeExceptionally(new TombstoneRangeException(new TombstoneRangeResult(done, index), count, e));
            return;
        }
        inFlight.set(enc);
        enc.whenComplete((m, t) -> {
            if (t != null) {
                out.completeExceptionally(new TombstoneRangeException(new TombstoneRangeResult(done, index), count,
                        PigeonholeErrors.unwrap(t)));
                return;
            }
            long rest = Math.max(1, deadline - System.nanoTime());
            CompletableFuture<ResendResult> send = startResendingEncryptedMessage(m, ResendOptions.DEFAULT,
                    Duration.ofNanos(rest));
            inFlight.set(send);
            if (out.isCancelled()) {
                send.cancel(false);
                return;
            }
            send.whenComplete((r, t2) -> {
                if (t2 != null) {
                    out.completeExceptionally(new TombstoneRangeException(new TombstoneRangeResult(done, index),
                            count, PigeonholeErrors.unwrap(t2)));
                } else {
                    tombstoneStep(writeCap, m.nextIndex(), done + 1, count, deadline, timeout, out, inFlight);
                }
            });
        });
    }

    // ================================================================== contact vouchers

    CompletableFuture<MintedVoucher> voucherMint(WriteCap messageWriteCap, String displayName, Duration timeout) {
        Objects.requireNonNull(messageWriteCap, "messageWriteCap");
        Objects.requireNonNull(displayName, "displayName");
        return local(new VoucherMessages.VoucherMint(qid(), messageWriteCap.raw(), displayName),
                VoucherMessages.VoucherMintReply.class, timeout, r -> new MintedVoucher(
                        Voucher.of(need(r.voucher(), "voucher")),
                        need(r.voucherPayload(), "voucher_payload"),
                        WriteCap.of(need(r.voucherWriteCap(), "voucher_write_cap")),
                        ReadCap.of(need(r.voucherReadCap(), "voucher_read_cap")),
                        VoucherSecretKey.of(need(r.voucherSecretKey(), "voucher_secret_key")),
                        need(r.voucherPublicKey(), "voucher_public_key")));
    }

    CompletableFuture<VoucherInduction> voucherInduct(Voucher voucher, byte[] voucherPayload, byte[] whoReply,
            Duration timeout) {
        Objects.requireNonNull(voucher, "voucher");
        Objects.requireNonNull(voucherPayload, "voucherPayload");
        Objects.requireNonNull(whoReply, "whoReply");
        return local(new VoucherMessages.VoucherInduct(qid(), voucher.raw(), voucherPayload.clone(), whoReply.clone()),
                VoucherMessages.VoucherInductReply.class, timeout, r -> new VoucherInduction(
                        need(r.displayName(), "display_name"),
                        ReadCap.of(need(r.mutatedMessageReadCap(), "mutated_message_read_cap")),
                        need(r.sealedReply(), "sealed_reply"),
                        WriteCap.of(need(r.voucherWriteCap(), "voucher_write_cap")),
                        ReadCap.of(need(r.voucherReadCap(), "voucher_read_cap")),
                        need(r.salt(), "salt")));
    }

    CompletableFuture<OpenedVoucher> voucherOpen(VoucherSecretKey voucherSecretKey, byte[] sealedReply,
            WriteCap messageWriteCap, Duration timeout) {
        Objects.requireNonNull(voucherSecretKey, "voucherSecretKey");
        Objects.requireNonNull(sealedReply, "sealedReply");
        Objects.requireNonNull(messageWriteCap, "messageWriteCap");
        return local(new VoucherMessages.VoucherOpen(qid(), voucherSecretKey.raw(), sealedReply.clone(),
                messageWriteCap.raw()),
                VoucherMessages.VoucherOpenReply.class, timeout, r -> new OpenedVoucher(
                        need(r.whoReply(), "who_reply"), need(r.salt(), "salt"),
                        WriteCap.of(need(r.mutatedMessageWriteCap(), "mutated_message_write_cap"))));
    }

    CompletableFuture<VoucherStream> voucherDeriveStream(Voucher voucher, Duration timeout) {
        Objects.requireNonNull(voucher, "voucher");
        return local(new VoucherMessages.VoucherDeriveStream(qid(), voucher.raw()),
                VoucherMessages.VoucherDeriveStreamReply.class, timeout, r -> new VoucherStream(
                        WriteCap.of(need(r.voucherWriteCap(), "voucher_write_cap")),
                        ReadCap.of(need(r.voucherReadCap(), "voucher_read_cap"))));
    }

    // ================================================================== plumbing

    private static byte[] qid() {
        return QueryId.random().toBytes();
    }

    /** A reply field that must be present on success. */
    private static <T> T need(T value, String field) {
        if (value == null) {
            throw new ProtocolViolationException("kpclientd reported success but sent no " + field);
        }
        return value;
    }

    private static List<byte[]> envelopes(List<byte[]> wire) {
        return wire == null ? List.of() : wire;
    }

    private static Courier courierOf(byte[] identityHash, byte[] queueId) {
        if (identityHash == null || identityHash.length != WireSizes.HASH || queueId == null || queueId.length == 0
                || queueId.length > WireSizes.RECIPIENT_QUEUE_ID_MAX) {
            return null;
        }
        return Courier.of(identityHash, queueId);
    }

    /**
     * A local request: its reply's non-zero code becomes an exception, a success goes through {@code onSuccess}
     * (whose size checks turn into {@link ProtocolViolationException}). Cancelling the result forgets the request.
     */
    private <R extends QueryReply, T> CompletableFuture<T> local(QueryRequest request,
            Class<R> replyType, Duration timeout, Function<R, T> onSuccess) {
        Durations.requirePositive(timeout, "timeout");
        CompletableFuture<R> call = session.call(request, replyType, timeout, Reissue.ALWAYS);
        CompletableFuture<T> out = new CancelsCall<>(() -> call.cancel(false));
        call.whenComplete((r, t) -> {
            if (t != null) {
                out.completeExceptionally(PigeonholeErrors.unwrap(t));
                return;
            }
            if (r.errorCode() != 0) {
                out.completeExceptionally(PigeonholeErrors.thin(request.wireKey(), r.errorCode()));
                return;
            }
            try {
                out.complete(onSuccess.apply(r));
            } catch (IllegalArgumentException e) {
                out.completeExceptionally(new ProtocolViolationException(
                        r.wireKey() + " from kpclientd is malformed: " + e.getMessage(), e));
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
            }
        });
        return out;
    }

    /**
     * A mixnet operation the daemon keeps resending: maps the reply, and sends the cancel request when the caller
     * cancels the result or its deadline passes.
     */
    private <R, T> CompletableFuture<T> mixnet(CompletableFuture<R> call, Function<R, T> map, Runnable sendCancel) {
        CompletableFuture<T> out = new CancelsCall<>(() -> {
            if (call.cancel(false)) { // true once: the cancel request goes out once
                sendCancel.run();
            }
        });
        call.whenComplete((r, t) -> {
            if (t != null) {
                Throwable cause = PigeonholeErrors.unwrap(t);
                if (cause instanceof RequestTimeoutException) {
                    sendCancel.run();
                }
                out.completeExceptionally(cause);
                return;
            }
            try {
                out.complete(map.apply(r));
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
            }
        });
        return out;
    }

    /**
     * Best effort, within the config's request timeout (a cancel is a local call, whatever deadline the resend
     * had): a failed cancel is logged at DEBUG, since the caller has already moved on.
     */
    private <R extends QueryReply> void cancelQuietly(QueryRequest cancel, Class<R> replyType, Object id) {
        if (session.isClosed()) {
            return; // thin_close already dropped every operation of the session at the daemon
        }
        try {
            session.call(cancel, replyType, session.config().requestTimeout(), Reissue.ALWAYS)
                    .whenComplete((r, t) -> {
                        if (t != null) {
                            log.debug("{} for {} failed: {}", cancel.wireKey(), id,
                                    PigeonholeErrors.unwrap(t).toString());
                        } else {
                            log.debug("{} for {} done (code {})", cancel.wireKey(), id, r.errorCode());
                        }
                    });
        } catch (RuntimeException e) {
            log.debug("could not send {} for {}: {}", cancel.wireKey(), id, e.toString());
        }
    }
}
