package org.katzenpost.testkit.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.katzenpost.testkit.sim.SimTestSupport.qid;

import java.io.IOException;
import java.util.Arrays;
import org.katzenpost.thin.internal.wire.BoxMessages;
import org.katzenpost.thin.internal.wire.ResendMessages;
import org.katzenpost.thin.internal.wire.Responses.QueryReply;
import org.katzenpost.thin.internal.wire.Responses.Response;

/** Pigeonhole calls over a {@link RawClient}, one request and its reply at a time. */
final class Ph {
    final RawClient c;

    Ph(RawClient c) {
        this.c = c;
    }

    @SuppressWarnings("unchecked")
    <T extends Response> T reply(byte[] qid) throws IOException {
        return (T) c.readUntil(r -> r instanceof QueryReply q && Arrays.equals(q.queryId(), qid));
    }

    BoxMessages.NewKeypairReply keypair(byte[] seed) throws IOException {
        byte[] q = qid();
        c.send(new BoxMessages.NewKeypair(q, seed));
        BoxMessages.NewKeypairReply r = reply(q);
        assertThat(r.errorCode()).isZero();
        return r;
    }

    BoxMessages.EncryptWriteReply encryptWrite(byte[] plaintext, byte[] writeCap,
            byte[] index) throws IOException {
        byte[] q = qid();
        c.send(new BoxMessages.EncryptWrite(q, plaintext, writeCap, index));
        return reply(q);
    }

    BoxMessages.EncryptReadReply encryptRead(byte[] readCap, byte[] index) throws IOException {
        byte[] q = qid();
        c.send(new BoxMessages.EncryptRead(q, readCap, index));
        return reply(q);
    }

    /** Sends a write ARQ; returns its query id. */
    byte[] startWrite(byte[] writeCap, BoxMessages.EncryptWriteReply e,
            boolean noIdempotent) throws IOException {
        byte[] q = qid();
        c.send(new ResendMessages.StartResendingEncryptedMessage(q, null, writeCap, null, null,
                e.envelopeDescriptor(),
                e.messageCiphertext(), e.envelopeHash(), false, noIdempotent));
        return q;
    }

    byte[] startRead(byte[] readCap, byte[] index, BoxMessages.EncryptReadReply e,
            boolean noRetry) throws IOException {
        byte[] q = qid();
        c.send(new ResendMessages.StartResendingEncryptedMessage(q, readCap, null, index, null,
                e.envelopeDescriptor(),
                e.messageCiphertext(), e.envelopeHash(), noRetry, false));
        return q;
    }

    ResendMessages.StartResendingEncryptedMessageReply write(byte[] plaintext, byte[] writeCap, byte[] index,
            boolean noIdempotent) throws IOException {
        var e = encryptWrite(plaintext, writeCap, index);
        assertThat(e.errorCode()).isZero();
        return reply(startWrite(writeCap, e, noIdempotent));
    }

    ResendMessages.StartResendingEncryptedMessageReply read(byte[] readCap, byte[] index, boolean noRetry)
            throws IOException {
        var e = encryptRead(readCap, index);
        assertThat(e.errorCode()).isZero();
        return reply(startRead(readCap, index, e, noRetry));
    }

    byte[] next(byte[] index) throws IOException {
        byte[] q = qid();
        c.send(new BoxMessages.NextMessageBoxIndex(q, index));
        BoxMessages.NextMessageBoxIndexReply r = reply(q);
        assertThat(r.errorCode()).isZero();
        return r.nextMessageBoxIndex();
    }

    long counter(byte[] index) throws IOException {
        byte[] q = qid();
        c.send(new BoxMessages.GetMessageBoxIndexCounter(q, index));
        BoxMessages.GetMessageBoxIndexCounterReply r = reply(q);
        assertThat(r.errorCode()).isZero();
        return r.counter();
    }
}
