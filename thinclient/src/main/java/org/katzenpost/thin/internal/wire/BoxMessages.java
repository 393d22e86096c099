package org.katzenpost.thin.internal.wire;

import static org.katzenpost.thin.internal.wire.WireFields.*;
import java.util.List;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.cbor.CborWriter;
import org.katzenpost.thin.internal.wire.Requests.PigeonholeRequest;
import org.katzenpost.thin.internal.wire.Responses.PigeonholeReply;
import org.katzenpost.thin.internal.wire.Responses.Response;

/**
 * The wire schema of the box calls (docs/protocol.md#keypair, #encrypt and #index-helpers): deriving a BACAP keypair,
 * encrypting a read or a write of one box, and the box-index helpers. Each kind's request and reply sit side by side:
 * the request's key and how the client writes it ({@code writeBody}), the reply's key and how the client reads it
 * ({@code decode}, with its case in this area's {@code decode} switch and its key in {@link #REPLY_KEYS}, this area's
 * part of the reply registry that {@link Responses} consults): the client's half of a new kind of this area is written
 * here alone (docs/protocol.md#adding-a-kind). The conventions of {@link Requests} and {@link Responses} hold here.
 */
public final class BoxMessages {
    private BoxMessages() {}

    /** A request of this area. */
    public sealed interface BoxRequest extends PigeonholeRequest {}

    /** A reply of this area. */
    public sealed interface BoxReply extends PigeonholeReply {}

    /** This area's reply keys, for {@link Responses#KEYS}; each has its case in {@link #decode}. */
    static final List<String> REPLY_KEYS = List.of(
            NewKeypairReply.KEY,
            EncryptReadReply.KEY,
            EncryptWriteReply.KEY,
            NextMessageBoxIndexReply.KEY,
            GetMessageBoxIndexCounterReply.KEY);

    /**
     * This area's part of the reply registry: reads the value of one of its reply keys, or returns null, consuming
     * nothing, for another key. A switch rather than a table of method references: each reference would spin a class
     * of its own when a client first connects (docs/performance.md, "The first call, cold JVM").
     */
    static Response decode(String key, CborReader r) {
        return switch (key) {
            case NewKeypairReply.KEY -> NewKeypairReply.decode(r);
            case EncryptReadReply.KEY -> EncryptReadReply.decode(r);
            case EncryptWriteReply.KEY -> EncryptWriteReply.decode(r);
            case NextMessageBoxIndexReply.KEY -> NextMessageBoxIndexReply.decode(r);
            case GetMessageBoxIndexCounterReply.KEY -> GetMessageBoxIndexCounterReply.decode(r);
            default -> null;
        };
    }

    /** Derive a BACAP keypair from a 32-byte seed. */
    public record NewKeypair(byte[] queryId, byte[] seed) implements BoxRequest {
        public static final String KEY = "new_keypair";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(2);
            writeQueryId(w, queryId);
            bytes(w, SEED, seed);
        }
    }

    /** A BACAP keypair derived from a seed. */
    public record NewKeypairReply(byte[] queryId, byte[] writeCap, byte[] readCap, byte[] firstMessageIndex,
            int errorCode) implements BoxReply {
        public static final String KEY = "new_keypair_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        static NewKeypairReply decode(CborReader r) {
            byte[] queryId = null;
            byte[] writeCap = null;
            byte[] readCap = null;
            byte[] first = null;
            int errorCode = 0;
            for (String f : fields(r)) {
                switch (f) {
                    case QUERY_ID -> queryId = readQueryId(r);
                    case WRITE_CAP -> writeCap = fixed(r, WireSizes.WRITE_CAP, WRITE_CAP);
                    case READ_CAP -> readCap = fixed(r, WireSizes.READ_CAP, READ_CAP);
                    case FIRST_MESSAGE_INDEX -> first = fixed(r, WireSizes.MESSAGE_BOX_INDEX, FIRST_MESSAGE_INDEX);
                    case ERROR_CODE -> errorCode = readErrorCode(r);
                    default -> r.skip();
                }
            }
            return new NewKeypairReply(queryId, writeCap, readCap, first, errorCode);
        }
    }

    /** Encrypt a read of one box. */
    public record EncryptRead(byte[] queryId, byte[] readCap, byte[] messageBoxIndex) implements BoxRequest {
        public static final String KEY = "encrypt_read";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(3);
            writeQueryId(w, queryId);
            fixed(w, READ_CAP, readCap, WireSizes.READ_CAP);
            fixed(w, MESSAGE_BOX_INDEX, messageBoxIndex, WireSizes.MESSAGE_BOX_INDEX);
        }
    }

    /** {@code envelopeDescriptor} holds key material: treat it as a secret. */
    public record EncryptReadReply(byte[] queryId, byte[] messageCiphertext, byte[] envelopeDescriptor,
            byte[] envelopeHash, byte[] nextMessageBoxIndex, int errorCode) implements BoxReply {
        public static final String KEY = "encrypt_read_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        static EncryptReadReply decode(CborReader r) {
            return readEncryptReply(r, EncryptReadReply::new);
        }
    }

    /** A zero-length (non-null) {@code plaintext} means a tombstone; null is an invalid request (error 3). */
    public record EncryptWrite(byte[] queryId, byte[] plaintext, byte[] writeCap, byte[] messageBoxIndex)
            implements BoxRequest {
        public static final String KEY = "encrypt_write";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public int payloadSize() {
            return len(plaintext);
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(4);
            writeQueryId(w, queryId);
            bytes(w, PLAINTEXT, plaintext);
            fixed(w, WRITE_CAP, writeCap, WireSizes.WRITE_CAP);
            fixed(w, MESSAGE_BOX_INDEX, messageBoxIndex, WireSizes.MESSAGE_BOX_INDEX);
        }
    }

    /** {@code envelopeDescriptor} holds key material: treat it as a secret. */
    public record EncryptWriteReply(byte[] queryId, byte[] messageCiphertext, byte[] envelopeDescriptor,
            byte[] envelopeHash, byte[] nextMessageBoxIndex, int errorCode) implements BoxReply {
        public static final String KEY = "encrypt_write_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        static EncryptWriteReply decode(CborReader r) {
            return readEncryptReply(r, EncryptWriteReply::new);
        }
    }

    /** The index after {@code messageBoxIndex}. */
    public record NextMessageBoxIndex(byte[] queryId, byte[] messageBoxIndex) implements BoxRequest {
        public static final String KEY = "next_message_box_index";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(2);
            writeQueryId(w, queryId);
            fixed(w, MESSAGE_BOX_INDEX, messageBoxIndex, WireSizes.MESSAGE_BOX_INDEX);
        }
    }

    /** The index after the one asked about. */
    public record NextMessageBoxIndexReply(byte[] queryId, byte[] nextMessageBoxIndex, int errorCode)
            implements BoxReply {
        public static final String KEY = "next_message_box_index_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        static NextMessageBoxIndexReply decode(CborReader r) {
            byte[] queryId = null;
            byte[] next = null;
            int errorCode = 0;
            for (String f : fields(r)) {
                switch (f) {
                    case QUERY_ID -> queryId = readQueryId(r);
                    case NEXT_MESSAGE_BOX_INDEX -> next = fixed(r, WireSizes.MESSAGE_BOX_INDEX,
                            NEXT_MESSAGE_BOX_INDEX);
                    case ERROR_CODE -> errorCode = readErrorCode(r);
                    default -> r.skip();
                }
            }
            return new NextMessageBoxIndexReply(queryId, next, errorCode);
        }
    }

    /** The counter (Idx64) of {@code messageBoxIndex}. */
    public record GetMessageBoxIndexCounter(byte[] queryId, byte[] messageBoxIndex) implements BoxRequest {
        public static final String KEY = "get_message_box_index_counter";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(2);
            writeQueryId(w, queryId);
            fixed(w, MESSAGE_BOX_INDEX, messageBoxIndex, WireSizes.MESSAGE_BOX_INDEX);
        }
    }

    /** {@code counter} is the uint64 Idx64, held in a long's bits. */
    public record GetMessageBoxIndexCounterReply(byte[] queryId, long counter, int errorCode) implements BoxReply {
        public static final String KEY = "get_message_box_index_counter_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        static GetMessageBoxIndexCounterReply decode(CborReader r) {
            byte[] queryId = null;
            long counter = 0;
            int errorCode = 0;
            for (String f : fields(r)) {
                switch (f) {
                    case QUERY_ID -> queryId = readQueryId(r);
                    case COUNTER -> counter = r.readUint64Bits();
                    case ERROR_CODE -> errorCode = readErrorCode(r);
                    default -> r.skip();
                }
            }
            return new GetMessageBoxIndexCounterReply(queryId, counter, errorCode);
        }
    }

    /** The constructor of an encrypt reply. */
    @FunctionalInterface
    private interface EncryptReply<T> {
        T of(byte[] queryId, byte[] ciphertext, byte[] descriptor, byte[] envelopeHash, byte[] next, int errorCode);
    }

    /** Reads the shape shared by the two encrypt replies. */
    private static <T> T readEncryptReply(CborReader r, EncryptReply<T> kind) {
        byte[] queryId = null;
        byte[] ciphertext = null;
        byte[] descriptor = null;
        byte[] envelopeHash = null;
        byte[] next = null;
        int errorCode = 0;
        for (String f : fields(r)) {
            switch (f) {
                case QUERY_ID -> queryId = readQueryId(r);
                case MESSAGE_CIPHERTEXT -> ciphertext = r.readBytes();
                case ENVELOPE_DESCRIPTOR -> descriptor = r.readBytes();
                case ENVELOPE_HASH -> envelopeHash = fixed(r, WireSizes.HASH, ENVELOPE_HASH);
                case NEXT_MESSAGE_BOX_INDEX -> next = fixed(r, WireSizes.MESSAGE_BOX_INDEX, NEXT_MESSAGE_BOX_INDEX);
                case ERROR_CODE -> errorCode = readErrorCode(r);
                default -> r.skip();
            }
        }
        return kind.of(queryId, ciphertext, descriptor, envelopeHash, next, errorCode);
    }
}
