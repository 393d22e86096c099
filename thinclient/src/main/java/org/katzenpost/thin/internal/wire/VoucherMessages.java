package org.katzenpost.thin.internal.wire;

import static org.katzenpost.thin.internal.wire.WireFields.*;
import java.util.List;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.cbor.CborWriter;
import org.katzenpost.thin.internal.wire.Requests.PigeonholeRequest;
import org.katzenpost.thin.internal.wire.Responses.PigeonholeReply;
import org.katzenpost.thin.internal.wire.Responses.Response;

/**
 * The wire schema of the contact-voucher calls (docs/protocol.md#vouchers): minting, inducting and opening a voucher,
 * and deriving the stream it gives access to. Each kind's request and reply sit side by side: the request's key and how
 * the client writes it ({@code writeBody}), the reply's key and how the client reads it ({@code decode}, with its case
 * in this area's {@code decode} switch and its key in {@link #REPLY_KEYS}, this area's part of the reply registry that
 * {@link Responses} consults): the client's half of a new kind of this area is written here alone
 * (docs/protocol.md#adding-a-kind). The conventions of {@link Requests} and {@link Responses} hold here.
 */
public final class VoucherMessages {
    private VoucherMessages() {}

    /** A request of this area. */
    public sealed interface VoucherRequest extends PigeonholeRequest {}

    /** A reply of this area. */
    public sealed interface VoucherReply extends PigeonholeReply {}

    /** This area's reply keys, for {@link Responses#KEYS}; each has its case in {@link #decode}. */
    static final List<String> REPLY_KEYS = List.of(
            VoucherMintReply.KEY,
            VoucherInductReply.KEY,
            VoucherOpenReply.KEY,
            VoucherDeriveStreamReply.KEY);

    /**
     * This area's part of the reply registry: reads the value of one of its reply keys, or returns null, consuming
     * nothing, for another key. A switch rather than a table of method references: each reference would spin a class
     * of its own when a client first connects (docs/performance.md, "The first call, cold JVM").
     */
    static Response decode(String key, CborReader r) {
        return switch (key) {
            case VoucherMintReply.KEY -> VoucherMintReply.decode(r);
            case VoucherInductReply.KEY -> VoucherInductReply.decode(r);
            case VoucherOpenReply.KEY -> VoucherOpenReply.decode(r);
            case VoucherDeriveStreamReply.KEY -> VoucherDeriveStreamReply.decode(r);
            default -> null;
        };
    }

    /** Mint a contact voucher for a message write cap. */
    public record VoucherMint(byte[] queryId, byte[] messageWriteCap, String displayName) implements VoucherRequest {
        public static final String KEY = "voucher_mint";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(3);
            writeQueryId(w, queryId);
            fixed(w, MESSAGE_WRITE_CAP, messageWriteCap, WireSizes.WRITE_CAP);
            w.text(DISPLAY_NAME).textOrNull(displayName);
        }
    }

    /** {@code voucherSecretKey} is a secret. */
    public record VoucherMintReply(byte[] queryId, byte[] voucher, byte[] voucherPayload, byte[] voucherWriteCap,
            byte[] voucherReadCap, byte[] voucherSecretKey, byte[] voucherPublicKey, int errorCode)
            implements VoucherReply {
        public static final String KEY = "voucher_mint_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        static VoucherMintReply decode(CborReader r) {
            byte[] queryId = null;
            byte[] voucher = null;
            byte[] payload = null;
            byte[] writeCap = null;
            byte[] readCap = null;
            byte[] secret = null;
            byte[] pub = null;
            int errorCode = 0;
            for (String f : fields(r)) {
                switch (f) {
                    case QUERY_ID -> queryId = readQueryId(r);
                    case VOUCHER -> voucher = fixed(r, WireSizes.VOUCHER, VOUCHER);
                    case VOUCHER_PAYLOAD -> payload = r.readBytes();
                    case VOUCHER_WRITE_CAP -> writeCap = fixed(r, WireSizes.WRITE_CAP, VOUCHER_WRITE_CAP);
                    case VOUCHER_READ_CAP -> readCap = fixed(r, WireSizes.READ_CAP, VOUCHER_READ_CAP);
                    case VOUCHER_SECRET_KEY -> secret = r.readBytes();
                    case VOUCHER_PUBLIC_KEY -> pub = r.readBytes();
                    case ERROR_CODE -> errorCode = readErrorCode(r);
                    default -> r.skip();
                }
            }
            return new VoucherMintReply(queryId, voucher, payload, writeCap, readCap, secret, pub,
                    errorCode);
        }
    }

    /** Answer a voucher: seal a reply for its minter. */
    public record VoucherInduct(byte[] queryId, byte[] voucher, byte[] voucherPayload, byte[] whoReply)
            implements VoucherRequest {
        public static final String KEY = "voucher_induct";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(4);
            writeQueryId(w, queryId);
            fixed(w, VOUCHER, voucher, WireSizes.VOUCHER);
            bytes(w, VOUCHER_PAYLOAD, voucherPayload);
            bytes(w, WHO_REPLY, whoReply);
        }
    }

    /** The inductee's sealed reply and the mutated caps. */
    public record VoucherInductReply(byte[] queryId, String displayName, byte[] mutatedMessageReadCap,
            byte[] sealedReply, byte[] voucherWriteCap, byte[] voucherReadCap, byte[] salt, int errorCode)
            implements VoucherReply {
        public static final String KEY = "voucher_induct_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        static VoucherInductReply decode(CborReader r) {
            byte[] queryId = null;
            byte[] mutatedReadCap = null;
            byte[] sealed = null;
            byte[] writeCap = null;
            byte[] readCap = null;
            byte[] salt = null;
            String displayName = null;
            int errorCode = 0;
            for (String f : fields(r)) {
                switch (f) {
                    case QUERY_ID -> queryId = readQueryId(r);
                    case DISPLAY_NAME -> displayName = r.readText();
                    case MUTATED_MESSAGE_READ_CAP -> mutatedReadCap = fixed(r, WireSizes.READ_CAP,
                            MUTATED_MESSAGE_READ_CAP);
                    case SEALED_REPLY -> sealed = r.readBytes();
                    case VOUCHER_WRITE_CAP -> writeCap = fixed(r, WireSizes.WRITE_CAP, VOUCHER_WRITE_CAP);
                    case VOUCHER_READ_CAP -> readCap = fixed(r, WireSizes.READ_CAP, VOUCHER_READ_CAP);
                    case SALT -> salt = fixed(r, WireSizes.SALT, SALT);
                    case ERROR_CODE -> errorCode = readErrorCode(r);
                    default -> r.skip();
                }
            }
            return new VoucherInductReply(queryId, displayName, mutatedReadCap, sealed, writeCap, readCap,
                    salt, errorCode);
        }
    }

    /** Open a sealed voucher reply with the minter's secret key. */
    public record VoucherOpen(byte[] queryId, byte[] voucherSecretKey, byte[] sealedReply, byte[] messageWriteCap)
            implements VoucherRequest {
        public static final String KEY = "voucher_open";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(4);
            writeQueryId(w, queryId);
            bytes(w, VOUCHER_SECRET_KEY, voucherSecretKey);
            bytes(w, SEALED_REPLY, sealedReply);
            fixed(w, MESSAGE_WRITE_CAP, messageWriteCap, WireSizes.WRITE_CAP);
        }
    }

    /** The opened reply: who answered, the salt, and the mutated write cap. */
    public record VoucherOpenReply(byte[] queryId, byte[] whoReply, byte[] salt, byte[] mutatedMessageWriteCap,
            int errorCode) implements VoucherReply {
        public static final String KEY = "voucher_open_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        static VoucherOpenReply decode(CborReader r) {
            byte[] queryId = null;
            byte[] whoReply = null;
            byte[] salt = null;
            byte[] mutatedWriteCap = null;
            int errorCode = 0;
            for (String f : fields(r)) {
                switch (f) {
                    case QUERY_ID -> queryId = readQueryId(r);
                    case WHO_REPLY -> whoReply = r.readBytes();
                    case SALT -> salt = fixed(r, WireSizes.SALT, SALT);
                    case MUTATED_MESSAGE_WRITE_CAP -> mutatedWriteCap = fixed(r, WireSizes.WRITE_CAP,
                            MUTATED_MESSAGE_WRITE_CAP);
                    case ERROR_CODE -> errorCode = readErrorCode(r);
                    default -> r.skip();
                }
            }
            return new VoucherOpenReply(queryId, whoReply, salt, mutatedWriteCap, errorCode);
        }
    }

    /** The stream (caps) a voucher alone gives access to. */
    public record VoucherDeriveStream(byte[] queryId, byte[] voucher) implements VoucherRequest {
        public static final String KEY = "voucher_derive_stream";

        @Override
        public String wireKey() {
            return KEY;
        }

        @Override
        public void writeBody(CborWriter w) {
            w.mapHeader(2);
            writeQueryId(w, queryId);
            fixed(w, VOUCHER, voucher, WireSizes.VOUCHER);
        }
    }

    /** The caps of the stream a voucher gives access to. */
    public record VoucherDeriveStreamReply(byte[] queryId, byte[] voucherWriteCap, byte[] voucherReadCap,
            int errorCode) implements VoucherReply {
        public static final String KEY = "voucher_derive_stream_reply";

        @Override
        public String wireKey() {
            return KEY;
        }

        static VoucherDeriveStreamReply decode(CborReader r) {
            byte[] queryId = null;
            byte[] writeCap = null;
            byte[] readCap = null;
            int errorCode = 0;
            for (String f : fields(r)) {
                switch (f) {
                    case QUERY_ID -> queryId = readQueryId(r);
                    case VOUCHER_WRITE_CAP -> writeCap = fixed(r, WireSizes.WRITE_CAP, VOUCHER_WRITE_CAP);
                    case VOUCHER_READ_CAP -> readCap = fixed(r, WireSizes.READ_CAP, VOUCHER_READ_CAP);
                    case ERROR_CODE -> errorCode = readErrorCode(r);
                    default -> r.skip();
                }
            }
            return new VoucherDeriveStreamReply(queryId, writeCap, readCap, errorCode);
        }
    }
}
