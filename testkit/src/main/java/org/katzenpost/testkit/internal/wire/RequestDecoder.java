package org.katzenpost.testkit.internal.wire;

import static org.katzenpost.thin.internal.wire.WireFields.*;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;
import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.cbor.KeyTable;
import org.katzenpost.thin.internal.wire.BoxMessages.EncryptRead;
import org.katzenpost.thin.internal.wire.BoxMessages.EncryptWrite;
import org.katzenpost.thin.internal.wire.BoxMessages.GetMessageBoxIndexCounter;
import org.katzenpost.thin.internal.wire.BoxMessages.NewKeypair;
import org.katzenpost.thin.internal.wire.BoxMessages.NextMessageBoxIndex;
import org.katzenpost.thin.internal.wire.CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayload;
import org.katzenpost.thin.internal.wire.CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayload.EnvelopeDestination;
import org.katzenpost.thin.internal.wire.CourierEnvelopeMessages.CreateCourierEnvelopesFromPayload;
import org.katzenpost.thin.internal.wire.CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRange;
import org.katzenpost.thin.internal.wire.Requests.GetDirectoryAuthorities;
import org.katzenpost.thin.internal.wire.Requests.GetPkiDocument;
import org.katzenpost.thin.internal.wire.Requests.Request;
import org.katzenpost.thin.internal.wire.Requests.SendMessage;
import org.katzenpost.thin.internal.wire.Requests.SessionToken;
import org.katzenpost.thin.internal.wire.Requests.ThinClose;
import org.katzenpost.thin.internal.wire.Requests.Unknown;
import org.katzenpost.thin.internal.wire.ResendMessages.CancelResendingCopyCommand;
import org.katzenpost.thin.internal.wire.ResendMessages.CancelResendingEncryptedMessage;
import org.katzenpost.thin.internal.wire.ResendMessages.StartResendingCopyCommand;
import org.katzenpost.thin.internal.wire.ResendMessages.StartResendingEncryptedMessage;
import org.katzenpost.thin.internal.wire.VoucherMessages.VoucherDeriveStream;
import org.katzenpost.thin.internal.wire.VoucherMessages.VoucherInduct;
import org.katzenpost.thin.internal.wire.VoucherMessages.VoucherMint;
import org.katzenpost.thin.internal.wire.VoucherMessages.VoucherOpen;
import org.katzenpost.thin.internal.wire.WireSizes;

/**
 * The daemon's half of the codec for client → daemon messages: reads every request variant as kpclientd would
 * accept it (docs/protocol.md#cbor). One reader per kind; the client's half, the encoder, lives with each record in
 * {@code Requests} or a Pigeonhole area file ({@code BoxMessages} and its siblings). Not in the client jar: only the simulator and tests read
 * requests.
 */
public final class RequestDecoder {
    /** Every request key this decoder knows, as the client library models them. */
    public static final List<String> KEYS = List.of(
            SessionToken.KEY, ThinClose.KEY, SendMessage.KEY, NewKeypair.KEY, EncryptRead.KEY, EncryptWrite.KEY,
            StartResendingEncryptedMessage.KEY, CancelResendingEncryptedMessage.KEY, StartResendingCopyCommand.KEY,
            CancelResendingCopyCommand.KEY, NextMessageBoxIndex.KEY, GetMessageBoxIndexCounter.KEY,
            CreateCourierEnvelopesFromPayload.KEY, CreateCourierEnvelopesFromMultiPayload.KEY,
            CreateCourierEnvelopesFromTombstoneRange.KEY, GetPkiDocument.KEY, GetDirectoryAuthorities.KEY,
            VoucherMint.KEY, VoucherInduct.KEY, VoucherOpen.KEY, VoucherDeriveStream.KEY);

    private static final KeyTable KEY_TABLE = new KeyTable(KEYS.toArray(new String[0]));

    private RequestDecoder() {}

    /**
     * Decodes one client frame body. A non-null variant this library does not know (with no known one beside it)
     * comes back as {@link Unknown}.
     *
     * @throws CborException on malformed CBOR, a wrong type or size, trailing bytes, no variant, or two known
     *     variants
     */
    public static Request decode(byte[] body) {
        if (body == null) {
            throw new CborException("no frame body");
        }
        return decodeVariant(new CborReader(body), KEY_TABLE, "request", RequestDecoder::variant, Unknown::new);
    }

    /** Decodes the value of a known variant key, or returns null, consuming nothing, for another. */
    private static Request variant(String key, CborReader r) {
        return switch (key) {
            case SessionToken.KEY -> sessionToken(r);
            case ThinClose.KEY -> thinClose(r);
            case SendMessage.KEY -> sendMessage(r);
            case NewKeypair.KEY -> newKeypair(r);
            case EncryptRead.KEY -> encryptRead(r);
            case EncryptWrite.KEY -> encryptWrite(r);
            case StartResendingEncryptedMessage.KEY -> startResendingEncryptedMessage(r);
            case CancelResendingEncryptedMessage.KEY -> cancelResendingEncryptedMessage(r);
            case StartResendingCopyCommand.KEY -> startResendingCopyCommand(r);
            case CancelResendingCopyCommand.KEY -> cancelResendingCopyCommand(r);
            case NextMessageBoxIndex.KEY -> nextMessageBoxIndex(r);
            case GetMessageBoxIndexCounter.KEY -> getMessageBoxIndexCounter(r);
            case CreateCourierEnvelopesFromPayload.KEY -> createCourierEnvelopesFromPayload(r);
            case CreateCourierEnvelopesFromMultiPayload.KEY -> createCourierEnvelopesFromMultiPayload(r);
            case CreateCourierEnvelopesFromTombstoneRange.KEY -> createCourierEnvelopesFromTombstoneRange(r);
            case GetPkiDocument.KEY -> getPkiDocument(r);
            case GetDirectoryAuthorities.KEY -> getDirectoryAuthorities(r);
            case VoucherMint.KEY -> voucherMint(r);
            case VoucherInduct.KEY -> voucherInduct(r);
            case VoucherOpen.KEY -> voucherOpen(r);
            case VoucherDeriveStream.KEY -> voucherDeriveStream(r);
            default -> null;
        };
    }

    private static SessionToken sessionToken(CborReader r) {
        byte[] token = null;
        for (String f : fields(r)) {
            switch (f) {
                case CLIENT_INSTANCE_TOKEN -> token = fixed(r, WireSizes.TOKEN, CLIENT_INSTANCE_TOKEN);
                default -> r.skip();
            }
        }
        return new SessionToken(token);
    }

    private static ThinClose thinClose(CborReader r) {
        emptyVariant(r);
        return new ThinClose();
    }

    private static SendMessage sendMessage(CborReader r) {
        byte[] id = null;
        byte[] surbId = null;
        byte[] destination = null;
        byte[] queue = null;
        byte[] payload = null;
        boolean withSurb = false;
        for (String f : fields(r)) {
            switch (f) {
                case ID -> id = fixed(r, WireSizes.MESSAGE_ID, ID);
                case WITH_SURB -> withSurb = r.readBool();
                case SURBID -> surbId = fixed(r, WireSizes.SURB_ID, SURBID);
                case DESTINATION_ID_HASH -> destination = fixed(r, WireSizes.HASH, DESTINATION_ID_HASH);
                case RECIPIENT_QUEUE_ID -> queue = queueId(r, RECIPIENT_QUEUE_ID);
                case PAYLOAD -> payload = r.readBytes();
                default -> r.skip();
            }
        }
        return new SendMessage(id, withSurb, surbId, destination, queue, payload);
    }

    private static NewKeypair newKeypair(CborReader r) {
        byte[] queryId = null;
        byte[] seed = null;
        for (String f : fields(r)) {
            switch (f) {
                case QUERY_ID -> queryId = readQueryId(r);
                case SEED -> seed = r.readBytes();
                default -> r.skip();
            }
        }
        return new NewKeypair(queryId, seed);
    }

    private static EncryptRead encryptRead(CborReader r) {
        byte[] queryId = null;
        byte[] readCap = null;
        byte[] index = null;
        for (String f : fields(r)) {
            switch (f) {
                case QUERY_ID -> queryId = readQueryId(r);
                case READ_CAP -> readCap = fixed(r, WireSizes.READ_CAP, READ_CAP);
                case MESSAGE_BOX_INDEX -> index = fixed(r, WireSizes.MESSAGE_BOX_INDEX, MESSAGE_BOX_INDEX);
                default -> r.skip();
            }
        }
        return new EncryptRead(queryId, readCap, index);
    }

    private static EncryptWrite encryptWrite(CborReader r) {
        byte[] queryId = null;
        byte[] plaintext = null;
        byte[] writeCap = null;
        byte[] index = null;
        for (String f : fields(r)) {
            switch (f) {
                case QUERY_ID -> queryId = readQueryId(r);
                case PLAINTEXT -> plaintext = r.readBytes();
                case WRITE_CAP -> writeCap = fixed(r, WireSizes.WRITE_CAP, WRITE_CAP);
                case MESSAGE_BOX_INDEX -> index = fixed(r, WireSizes.MESSAGE_BOX_INDEX, MESSAGE_BOX_INDEX);
                default -> r.skip();
            }
        }
        return new EncryptWrite(queryId, plaintext, writeCap, index);
    }

    private static StartResendingEncryptedMessage startResendingEncryptedMessage(CborReader r) {
        byte[] queryId = null;
        byte[] readCap = null;
        byte[] writeCap = null;
        byte[] index = null;
        byte[] descriptor = null;
        byte[] ciphertext = null;
        byte[] envelopeHash = null;
        Integer replyIndex = null;
        boolean noRetry = false;
        boolean noIdempotent = false;
        for (String f : fields(r)) {
            switch (f) {
                case QUERY_ID -> queryId = readQueryId(r);
                case READ_CAP -> readCap = fixed(r, WireSizes.READ_CAP, READ_CAP);
                case WRITE_CAP -> writeCap = fixed(r, WireSizes.WRITE_CAP, WRITE_CAP);
                case MESSAGE_BOX_INDEX -> index = fixed(r, WireSizes.MESSAGE_BOX_INDEX, MESSAGE_BOX_INDEX);
                case REPLY_INDEX -> replyIndex = uint8(r, REPLY_INDEX);
                case ENVELOPE_DESCRIPTOR -> descriptor = r.readBytes();
                case MESSAGE_CIPHERTEXT -> ciphertext = r.readBytes();
                case ENVELOPE_HASH -> envelopeHash = fixed(r, WireSizes.HASH, ENVELOPE_HASH);
                case NO_RETRY_ON_BOX_ID_NOT_FOUND -> noRetry = r.readBool();
                case NO_IDEMPOTENT_BOX_ALREADY_EXISTS -> noIdempotent = r.readBool();
                default -> r.skip();
            }
        }
        return new StartResendingEncryptedMessage(queryId, readCap, writeCap, index, replyIndex,
                descriptor, ciphertext, envelopeHash, noRetry, noIdempotent);
    }

    private static CancelResendingEncryptedMessage cancelResendingEncryptedMessage(CborReader r) {
        byte[] queryId = null;
        byte[] envelopeHash = null;
        for (String f : fields(r)) {
            switch (f) {
                case QUERY_ID -> queryId = readQueryId(r);
                case ENVELOPE_HASH -> envelopeHash = fixed(r, WireSizes.HASH, ENVELOPE_HASH);
                default -> r.skip();
            }
        }
        return new CancelResendingEncryptedMessage(queryId, envelopeHash);
    }

    private static StartResendingCopyCommand startResendingCopyCommand(CborReader r) {
        byte[] queryId = null;
        byte[] writeCap = null;
        byte[] courierHash = null;
        byte[] courierQueue = null;
        for (String f : fields(r)) {
            switch (f) {
                case QUERY_ID -> queryId = readQueryId(r);
                case WRITE_CAP -> writeCap = fixed(r, WireSizes.WRITE_CAP, WRITE_CAP);
                case COURIER_IDENTITY_HASH -> courierHash = fixed(r, WireSizes.HASH, COURIER_IDENTITY_HASH);
                case COURIER_QUEUE_ID -> {
                    // omitempty on the Go side: empty means unset; otherwise at most 32 bytes
                    byte[] b = r.readBytes();
                    if (b.length > WireSizes.RECIPIENT_QUEUE_ID_MAX) {
                        throw new CborException(COURIER_QUEUE_ID + ": expected at most "
                                + WireSizes.RECIPIENT_QUEUE_ID_MAX + " bytes, got " + b.length);
                    }
                    courierQueue = b.length == 0 ? null : b;
                }
                default -> r.skip();
            }
        }
        return new StartResendingCopyCommand(queryId, writeCap, courierHash, courierQueue);
    }

    private static CancelResendingCopyCommand cancelResendingCopyCommand(CborReader r) {
        byte[] queryId = null;
        byte[] hash = null;
        for (String f : fields(r)) {
            switch (f) {
                case QUERY_ID -> queryId = readQueryId(r);
                case WRITE_CAP_HASH -> hash = fixed(r, WireSizes.HASH, WRITE_CAP_HASH);
                default -> r.skip();
            }
        }
        return new CancelResendingCopyCommand(queryId, hash);
    }

    private static NextMessageBoxIndex nextMessageBoxIndex(CborReader r) {
        return queryIdAndIndex(r, NextMessageBoxIndex::new);
    }

    private static GetMessageBoxIndexCounter getMessageBoxIndexCounter(CborReader r) {
        return queryIdAndIndex(r, GetMessageBoxIndexCounter::new);
    }

    private static CreateCourierEnvelopesFromPayload createCourierEnvelopesFromPayload(CborReader r) {
        byte[] queryId = null;
        byte[] payload = null;
        byte[] writeCap = null;
        byte[] start = null;
        boolean isStart = false;
        boolean isLast = false;
        for (String f : fields(r)) {
            switch (f) {
                case QUERY_ID -> queryId = readQueryId(r);
                case PAYLOAD -> payload = r.readBytes();
                case DEST_WRITE_CAP -> writeCap = fixed(r, WireSizes.WRITE_CAP, DEST_WRITE_CAP);
                case DEST_START_INDEX -> start = fixed(r, WireSizes.MESSAGE_BOX_INDEX, DEST_START_INDEX);
                case IS_START -> isStart = r.readBool();
                case IS_LAST -> isLast = r.readBool();
                default -> r.skip();
            }
        }
        return new CreateCourierEnvelopesFromPayload(queryId, payload, writeCap, start, isStart, isLast);
    }

    private static CreateCourierEnvelopesFromMultiPayload createCourierEnvelopesFromMultiPayload(CborReader r) {
        byte[] queryId = null;
        byte[] buffer = null;
        List<EnvelopeDestination> destinations = null;
        boolean isStart = false;
        boolean isLast = false;
        for (String f : fields(r)) {
            switch (f) {
                case QUERY_ID -> queryId = readQueryId(r);
                case DESTINATIONS -> destinations = destinations(r);
                case IS_START -> isStart = r.readBool();
                case IS_LAST -> isLast = r.readBool();
                case BUFFER -> buffer = r.readBytes();
                default -> r.skip();
            }
        }
        return new CreateCourierEnvelopesFromMultiPayload(queryId, destinations, isStart, isLast, buffer);
    }

    private static CreateCourierEnvelopesFromTombstoneRange createCourierEnvelopesFromTombstoneRange(CborReader r) {
        byte[] queryId = null;
        byte[] writeCap = null;
        byte[] start = null;
        byte[] buffer = null;
        long maxCount = 0;
        boolean isStart = false;
        boolean isLast = false;
        for (String f : fields(r)) {
            switch (f) {
                case QUERY_ID -> queryId = readQueryId(r);
                case DEST_WRITE_CAP -> writeCap = fixed(r, WireSizes.WRITE_CAP, DEST_WRITE_CAP);
                case DEST_START_INDEX -> start = fixed(r, WireSizes.MESSAGE_BOX_INDEX, DEST_START_INDEX);
                case MAX_COUNT -> maxCount = uint32(r, MAX_COUNT);
                case IS_START -> isStart = r.readBool();
                case IS_LAST -> isLast = r.readBool();
                case BUFFER -> buffer = r.readBytes();
                default -> r.skip();
            }
        }
        return new CreateCourierEnvelopesFromTombstoneRange(queryId, writeCap, start, maxCount, isStart,
                isLast, buffer);
    }

    private static GetPkiDocument getPkiDocument(CborReader r) {
        byte[] queryId = null;
        long epoch = 0;
        for (String f : fields(r)) {
            switch (f) {
                case QUERY_ID -> queryId = readQueryId(r);
                case EPOCH -> epoch = r.readUint64Bits();
                default -> r.skip();
            }
        }
        return new GetPkiDocument(queryId, epoch);
    }

    private static GetDirectoryAuthorities getDirectoryAuthorities(CborReader r) {
        byte[] queryId = null;
        for (String f : fields(r)) {
            switch (f) {
                case QUERY_ID -> queryId = readQueryId(r);
                default -> r.skip();
            }
        }
        return new GetDirectoryAuthorities(queryId);
    }

    private static VoucherMint voucherMint(CborReader r) {
        byte[] queryId = null;
        byte[] writeCap = null;
        String displayName = null;
        for (String f : fields(r)) {
            switch (f) {
                case QUERY_ID -> queryId = readQueryId(r);
                case MESSAGE_WRITE_CAP -> writeCap = fixed(r, WireSizes.WRITE_CAP, MESSAGE_WRITE_CAP);
                case DISPLAY_NAME -> displayName = r.readText();
                default -> r.skip();
            }
        }
        return new VoucherMint(queryId, writeCap, displayName);
    }

    private static VoucherInduct voucherInduct(CborReader r) {
        byte[] queryId = null;
        byte[] voucher = null;
        byte[] payload = null;
        byte[] whoReply = null;
        for (String f : fields(r)) {
            switch (f) {
                case QUERY_ID -> queryId = readQueryId(r);
                case VOUCHER -> voucher = fixed(r, WireSizes.VOUCHER, VOUCHER);
                case VOUCHER_PAYLOAD -> payload = r.readBytes();
                case WHO_REPLY -> whoReply = r.readBytes();
                default -> r.skip();
            }
        }
        return new VoucherInduct(queryId, voucher, payload, whoReply);
    }

    private static VoucherOpen voucherOpen(CborReader r) {
        byte[] queryId = null;
        byte[] secret = null;
        byte[] sealed = null;
        byte[] writeCap = null;
        for (String f : fields(r)) {
            switch (f) {
                case QUERY_ID -> queryId = readQueryId(r);
                case VOUCHER_SECRET_KEY -> secret = r.readBytes();
                case SEALED_REPLY -> sealed = r.readBytes();
                case MESSAGE_WRITE_CAP -> writeCap = fixed(r, WireSizes.WRITE_CAP, MESSAGE_WRITE_CAP);
                default -> r.skip();
            }
        }
        return new VoucherOpen(queryId, secret, sealed, writeCap);
    }

    private static VoucherDeriveStream voucherDeriveStream(CborReader r) {
        byte[] queryId = null;
        byte[] voucher = null;
        for (String f : fields(r)) {
            switch (f) {
                case QUERY_ID -> queryId = readQueryId(r);
                case VOUCHER -> voucher = fixed(r, WireSizes.VOUCHER, VOUCHER);
                default -> r.skip();
            }
        }
        return new VoucherDeriveStream(queryId, voucher);
    }

    private static List<EnvelopeDestination> destinations(CborReader r) {
        long n = r.readArrayHeader();
        List<EnvelopeDestination> out = new ArrayList<>(n < 0 ? 4 : (int) Math.min(n, 256));
        for (long i = 0; r.hasNext(n, i); i++) {
            if (r.tryNull()) {
                out.add(null);
                continue;
            }
            byte[] payload = null;
            byte[] writeCap = null;
            byte[] startIndex = null;
            for (String f : fields(r)) {
                switch (f) {
                    case PAYLOAD -> payload = r.readBytes();
                    case WRITE_CAP -> writeCap = fixed(r, WireSizes.WRITE_CAP, WRITE_CAP);
                    case START_INDEX -> startIndex = fixed(r, WireSizes.MESSAGE_BOX_INDEX, START_INDEX);
                    default -> r.skip();
                }
            }
            out.add(new EnvelopeDestination(payload, writeCap, startIndex));
        }
        return Collections.unmodifiableList(out);
    }

    /** The {query_id, message_box_index} shape shared by next_message_box_index and get_message_box_index_counter. */
    private static <T> T queryIdAndIndex(CborReader r, BiFunction<byte[], byte[], T> kind) {
        byte[] queryId = null;
        byte[] index = null;
        for (String f : fields(r)) {
            switch (f) {
                case QUERY_ID -> queryId = readQueryId(r);
                case MESSAGE_BOX_INDEX -> index = fixed(r, WireSizes.MESSAGE_BOX_INDEX, MESSAGE_BOX_INDEX);
                default -> r.skip();
            }
        }
        return kind.apply(queryId, index);
    }

    private static byte[] queueId(CborReader r, String field) {
        byte[] b = r.readBytes();
        if (b.length == 0 || b.length > WireSizes.RECIPIENT_QUEUE_ID_MAX) {
            throw new CborException(field + ": expected 1 to " + WireSizes.RECIPIENT_QUEUE_ID_MAX + " bytes, got "
                    + b.length);
        }
        return b;
    }

    private static long uint32(CborReader r, String field) {
        long v = r.readUint64Bits();
        if (v < 0 || v > WireSizes.MAX_COUNT_MAX) {
            throw new CborException(field + ": expected a uint32, got " + Long.toUnsignedString(v));
        }
        return v;
    }
}
