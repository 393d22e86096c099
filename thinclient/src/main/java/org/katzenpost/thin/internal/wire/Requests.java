package org.katzenpost.thin.internal.wire;

import static org.katzenpost.thin.internal.wire.WireFields.*;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.cbor.CborWriter;

/**
 * The request variants (client → daemon) of docs/protocol.md#requests: their sealed hierarchy, and the records of the
 * session, legacy-send and PKI kinds, one each. The Pigeonhole requests (docs/protocol.md#pigeonhole) sit beside
 * their replies in one file per area ({@link BoxMessages}, {@link ResendMessages}, {@link CourierEnvelopeMessages},
 * {@link VoucherMessages}). Each record is the client's one home of its kind: its wire key and how the client writes
 * it ({@code writeBody}). How a daemon reads it is the testkit's business (its {@code RequestDecoder}), so that code
 * does not ship in the client jar; docs/protocol.md#adding-a-kind lists every file a new kind touches. Byte-array
 * components are held as given (no defensive copies: an internal wire model); {@code null} means CBOR null. Sizes
 * are checked when encoding.
 */
public final class Requests {
    private Requests() {}

    /** One thin-client request variant (client → daemon). */
    public sealed interface Request {
        /** The top-level map key naming this variant on the wire. */
        String wireKey();

        /** Writes the variant's value (the inner map). @throws IllegalArgumentException on a wrong size */
        void writeBody(CborWriter w);

        /** Bytes of variable-length payload this request carries, to size the encoding buffer. */
        default int payloadSize() {
            return 0;
        }
    }

    /** A request correlated with its reply by a 16-byte {@code query_id}. */
    public sealed interface QueryRequest extends Request
            permits GetPkiDocument, GetDirectoryAuthorities, PigeonholeRequest {
        /** The request's {@code query_id}. */
        byte[] queryId();
    }

    /** A request of the Pigeonhole calls: one sealed interface per area file. */
    public sealed interface PigeonholeRequest extends QueryRequest permits BoxMessages.BoxRequest,
            ResendMessages.ResendRequest, CourierEnvelopeMessages.CourierEnvelopeRequest,
            VoucherMessages.VoucherRequest {}

    /** First request after connecting: the client's 16-byte instance token. Reply: session_token_reply. */
    public record SessionToken(byte[] clientInstanceToken) implements Request {
        public static final String KEY = "session_token";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(1);
            fixed(w, CLIENT_INSTANCE_TOKEN, clientInstanceToken, WireSizes.TOKEN);
        }
    }

    /** Polite disconnect; encoded as {@code {"thin_close": {}}}. No reply. */
    public record ThinClose() implements Request {
        public static final String KEY = "thin_close";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(0);
        }
    }

    /** Legacy Sphinx send. {@code surbId} is required when {@code withSurb}, null otherwise. */
    public record SendMessage(byte[] id, boolean withSurb, byte[] surbId, byte[] destinationIdHash,
            byte[] recipientQueueId, byte[] payload) implements Request {
        public static final String KEY = "send_message";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public int payloadSize() {
            return len(payload);
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(6);
            fixed(w, ID, id, WireSizes.MESSAGE_ID);
            w.text(WITH_SURB).bool(withSurb);
            fixed(w, SURBID, surbId, WireSizes.SURB_ID);
            fixed(w, DESTINATION_ID_HASH, destinationIdHash, WireSizes.HASH);
            queueId(w, RECIPIENT_QUEUE_ID, recipientQueueId);
            bytes(w, PAYLOAD, payload);
        }
    }

    /** {@code epoch} is a uint64 held in a long's bits; 0 asks for the current epoch. */
    public record GetPkiDocument(byte[] queryId, long epoch) implements QueryRequest {
        public static final String KEY = "get_pki_document";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(2);
            writeQueryId(w, queryId);
            w.text(EPOCH).uint(epoch);
        }
    }

    /** The directory authorities of the network. */
    public record GetDirectoryAuthorities(byte[] queryId) implements QueryRequest {
        public static final String KEY = "get_directory_authorities";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(1);
            writeQueryId(w, queryId);
        }
    }

    /**
     * A request variant this library does not model; {@code value} is written verbatim as a generic CBOR value
     * (see {@link CborReader#readValue()} for the data model). Useful for tests of how a daemon treats variants it
     * does not know, and what the testkit's request decoder returns for them.
     */
    public record Unknown(String key, Object value) implements Request {
        @Override
        public String wireKey() {
            return key;
        }

        @Override
        public void writeBody(CborWriter w) {
            if (key == null) {
                throw new IllegalArgumentException("Unknown request without a key");
            }
            w.value(value);
        }
    }
}
