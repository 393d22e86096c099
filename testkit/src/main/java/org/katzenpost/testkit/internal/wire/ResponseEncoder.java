package org.katzenpost.testkit.internal.wire;

import static org.katzenpost.thin.internal.wire.WireFields.*;
import java.util.List;
import org.katzenpost.thin.PigeonholeGeometry;
import org.katzenpost.thin.SphinxGeometry;
import org.katzenpost.thin.internal.cbor.CborWriter;
import org.katzenpost.thin.internal.wire.BoxMessages.EncryptReadReply;
import org.katzenpost.thin.internal.wire.BoxMessages.EncryptWriteReply;
import org.katzenpost.thin.internal.wire.BoxMessages.GetMessageBoxIndexCounterReply;
import org.katzenpost.thin.internal.wire.BoxMessages.NewKeypairReply;
import org.katzenpost.thin.internal.wire.BoxMessages.NextMessageBoxIndexReply;
import org.katzenpost.thin.internal.wire.CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayloadReply;
import org.katzenpost.thin.internal.wire.CourierEnvelopeMessages.CreateCourierEnvelopesFromPayloadReply;
import org.katzenpost.thin.internal.wire.CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRangeReply;
import org.katzenpost.thin.internal.wire.ResendMessages.CancelResendingCopyCommandReply;
import org.katzenpost.thin.internal.wire.ResendMessages.CancelResendingEncryptedMessageReply;
import org.katzenpost.thin.internal.wire.ResendMessages.StartResendingCopyCommandReply;
import org.katzenpost.thin.internal.wire.ResendMessages.StartResendingEncryptedMessageReply;
import org.katzenpost.thin.internal.wire.Responses.ConnectionStatusFrame;
import org.katzenpost.thin.internal.wire.Responses.GetDirectoryAuthoritiesReply;
import org.katzenpost.thin.internal.wire.Responses.GetPkiDocumentReply;
import org.katzenpost.thin.internal.wire.Responses.MessageIdGarbageCollected;
import org.katzenpost.thin.internal.wire.Responses.MessageReplyFrame;
import org.katzenpost.thin.internal.wire.Responses.MessageSentFrame;
import org.katzenpost.thin.internal.wire.Responses.NewPkiDocumentFrame;
import org.katzenpost.thin.internal.wire.Responses.Response;
import org.katzenpost.thin.internal.wire.Responses.SessionTokenReply;
import org.katzenpost.thin.internal.wire.Responses.ShutdownFrame;
import org.katzenpost.thin.internal.wire.Responses.Unknown;
import org.katzenpost.thin.internal.wire.VoucherMessages.VoucherDeriveStreamReply;
import org.katzenpost.thin.internal.wire.VoucherMessages.VoucherInductReply;
import org.katzenpost.thin.internal.wire.VoucherMessages.VoucherMintReply;
import org.katzenpost.thin.internal.wire.VoucherMessages.VoucherOpenReply;
import org.katzenpost.thin.internal.wire.WireSizes;

/**
 * The daemon's half of the codec for daemon → client messages: writes every response variant the way kpclientd
 * v0.0.99 does (docs/protocol.md#cbor). One {@code write} method per kind; the client's half, the decoder, lives
 * with each record in {@code Responses} or a Pigeonhole area file ({@code BoxMessages} and its siblings). Not in the
 * client jar: only the simulator and tests write responses.
 */
public final class ResponseEncoder {
    /**
     * Every response key, in the order kpclientd writes them (its Go struct's field order, docs/protocol.md#cbor):
     * the daemon's shape, which only an imitation of the daemon needs. The client decodes them in any order; its
     * registry, {@code Responses.KEYS}, holds the same keys (its {@code WireRegistryTest} checks it).
     */
    public static final List<String> KEYS_IN_DAEMON_ORDER = List.of(
            SessionTokenReply.KEY,
            ShutdownFrame.KEY,
            ConnectionStatusFrame.KEY,
            NewPkiDocumentFrame.KEY,
            MessageSentFrame.KEY,
            MessageReplyFrame.KEY,
            MessageIdGarbageCollected.KEY,
            NewKeypairReply.KEY,
            EncryptReadReply.KEY,
            EncryptWriteReply.KEY,
            StartResendingEncryptedMessageReply.KEY,
            CancelResendingEncryptedMessageReply.KEY,
            StartResendingCopyCommandReply.KEY,
            CancelResendingCopyCommandReply.KEY,
            NextMessageBoxIndexReply.KEY,
            GetMessageBoxIndexCounterReply.KEY,
            GetPkiDocumentReply.KEY,
            GetDirectoryAuthoritiesReply.KEY,
            CreateCourierEnvelopesFromPayloadReply.KEY,
            CreateCourierEnvelopesFromMultiPayloadReply.KEY,
            CreateCourierEnvelopesFromTombstoneRangeReply.KEY,
            VoucherMintReply.KEY,
            VoucherInductReply.KEY,
            VoucherOpenReply.KEY,
            VoucherDeriveStreamReply.KEY);

    private ResponseEncoder() {}

    /**
     * Encodes a response as kpclientd does: a map holding all 25 response keys, the variant's non-null and the other
     * 24 null. An {@code Unknown} whose key is not one of the 25 is added as a 26th entry.
     *
     * @throws IllegalArgumentException when a fixed-size field has the wrong size or a number is out of range
     */
    public static byte[] encode(Response response) {
        if (response == null) {
            throw new IllegalArgumentException("response is null");
        }
        String key = response.wireKey();
        if (key == null) {
            throw new IllegalArgumentException("response without a key");
        }
        boolean extra = !KEYS_IN_DAEMON_ORDER.contains(key);
        CborWriter w = new CborWriter(1024);
        w.mapHeader(KEYS_IN_DAEMON_ORDER.size() + (extra ? 1 : 0));
        for (String k : KEYS_IN_DAEMON_ORDER) {
            w.text(k);
            if (k.equals(key)) {
                writeBody(w, response);
            } else {
                w.nul();
            }
        }
        if (extra) {
            w.text(key);
            writeBody(w, response);
        }
        return w.toByteArray();
    }

    /** Writes the variant's value (the inner map). */
    private static void writeBody(CborWriter w, Response response) {
        if (response instanceof SessionTokenReply m) {
            write(w, m);
        } else if (response instanceof ShutdownFrame m) {
            write(w, m);
        } else if (response instanceof ConnectionStatusFrame m) {
            write(w, m);
        } else if (response instanceof NewPkiDocumentFrame m) {
            write(w, m);
        } else if (response instanceof MessageSentFrame m) {
            write(w, m);
        } else if (response instanceof MessageReplyFrame m) {
            write(w, m);
        } else if (response instanceof MessageIdGarbageCollected m) {
            write(w, m);
        } else if (response instanceof NewKeypairReply m) {
            write(w, m);
        } else if (response instanceof EncryptReadReply m) {
            write(w, m);
        } else if (response instanceof EncryptWriteReply m) {
            write(w, m);
        } else if (response instanceof StartResendingEncryptedMessageReply m) {
            write(w, m);
        } else if (response instanceof CancelResendingEncryptedMessageReply m) {
            write(w, m);
        } else if (response instanceof StartResendingCopyCommandReply m) {
            write(w, m);
        } else if (response instanceof CancelResendingCopyCommandReply m) {
            write(w, m);
        } else if (response instanceof NextMessageBoxIndexReply m) {
            write(w, m);
        } else if (response instanceof GetMessageBoxIndexCounterReply m) {
            write(w, m);
        } else if (response instanceof GetPkiDocumentReply m) {
            write(w, m);
        } else if (response instanceof GetDirectoryAuthoritiesReply m) {
            write(w, m);
        } else if (response instanceof CreateCourierEnvelopesFromPayloadReply m) {
            write(w, m);
        } else if (response instanceof CreateCourierEnvelopesFromMultiPayloadReply m) {
            write(w, m);
        } else if (response instanceof CreateCourierEnvelopesFromTombstoneRangeReply m) {
            write(w, m);
        } else if (response instanceof VoucherMintReply m) {
            write(w, m);
        } else if (response instanceof VoucherInductReply m) {
            write(w, m);
        } else if (response instanceof VoucherOpenReply m) {
            write(w, m);
        } else if (response instanceof VoucherDeriveStreamReply m) {
            write(w, m);
        } else if (response instanceof Unknown m) {
            w.value(m.value());
        } else {
            throw new IllegalArgumentException("no writer for " + response.getClass().getName());
        }
    }

    private static void write(CborWriter w, SessionTokenReply m) {
        w.mapHeader(2);
        fixed(w, APP_ID, m.appId(), WireSizes.TOKEN);
        w.text(RESUMED).bool(m.resumed());
    }

    private static void write(CborWriter w, ShutdownFrame m) {
        w.mapHeader(0);
    }

    private static void write(CborWriter w, ConnectionStatusFrame m) {
        w.mapHeader(5);
        w.text(IS_CONNECTED).bool(m.isConnected());
        w.text(ERR).nul();
        fixed(w, INSTANCE_TOKEN, m.instanceToken(), WireSizes.TOKEN);
        w.text(SPHINX_GEOMETRY);
        writeSphinx(w, m.sphinxGeometry());
        w.text(PIGEONHOLE_GEOMETRY);
        writePigeonhole(w, m.pigeonholeGeometry());
    }

    private static void write(CborWriter w, NewPkiDocumentFrame m) {
        w.mapHeader(1);
        bytes(w, PAYLOAD, m.payload());
    }

    private static void write(CborWriter w, MessageSentFrame m) {
        boolean hasErr = m.err() != null && !m.err().isEmpty();
        w.mapHeader(hasErr ? 5 : 4);
        fixed(w, MESSAGE_ID, m.messageId(), WireSizes.MESSAGE_ID);
        fixed(w, SURBID, m.surbId(), WireSizes.SURB_ID);
        w.text(SENT_AT).integer(m.sentAtUnixSeconds());
        w.text(REPLY_ETA).integer(m.replyEtaNanos());
        if (hasErr) {
            w.text(ERR).text(m.err());
        }
    }

    private static void write(CborWriter w, MessageReplyFrame m) {
        w.mapHeader(m.replyIndex() != null ? 5 : 4);
        fixed(w, MESSAGE_ID, m.messageId(), WireSizes.MESSAGE_ID);
        fixed(w, SURBID, m.surbId(), WireSizes.SURB_ID);
        bytes(w, PAYLOAD, m.payload());
        if (m.replyIndex() != null) {
            w.text(REPLY_INDEX).uint(uint8(REPLY_INDEX, m.replyIndex()));
        }
        writeErrorCode(w, m.errorCode());
    }

    private static void write(CborWriter w, MessageIdGarbageCollected m) {
        w.mapHeader(1);
        fixed(w, MESSAGE_ID, m.messageId(), WireSizes.MESSAGE_ID);
    }

    private static void write(CborWriter w, NewKeypairReply m) {
        w.mapHeader(5);
        writeQueryId(w, m.queryId());
        fixed(w, WRITE_CAP, m.writeCap(), WireSizes.WRITE_CAP);
        fixed(w, READ_CAP, m.readCap(), WireSizes.READ_CAP);
        fixed(w, FIRST_MESSAGE_INDEX, m.firstMessageIndex(), WireSizes.MESSAGE_BOX_INDEX);
        writeErrorCode(w, m.errorCode());
    }

    private static void write(CborWriter w, EncryptReadReply m) {
        encryptReply(w, m.queryId(), m.messageCiphertext(), m.envelopeDescriptor(), m.envelopeHash(),
                m.nextMessageBoxIndex(), m.errorCode());
    }

    private static void write(CborWriter w, EncryptWriteReply m) {
        encryptReply(w, m.queryId(), m.messageCiphertext(), m.envelopeDescriptor(), m.envelopeHash(),
                m.nextMessageBoxIndex(), m.errorCode());
    }

    private static void write(CborWriter w, StartResendingEncryptedMessageReply m) {
        w.mapHeader(5);
        writeQueryId(w, m.queryId());
        bytes(w, PLAINTEXT, m.plaintext());
        writeErrorCode(w, m.errorCode());
        fixed(w, COURIER_IDENTITY_HASH, m.courierIdentityHash(), WireSizes.HASH);
        bytes(w, COURIER_QUEUE_ID, m.courierQueueId());
    }

    private static void write(CborWriter w, CancelResendingEncryptedMessageReply m) {
        queryIdAndCode(w, m.queryId(), m.errorCode());
    }

    private static void write(CborWriter w, StartResendingCopyCommandReply m) {
        boolean hasReplica = m.replicaErrorCode() != 0;
        boolean hasIndex = m.failedEnvelopeIndex() != 0;
        w.mapHeader(2 + (hasReplica ? 1 : 0) + (hasIndex ? 1 : 0));
        writeQueryId(w, m.queryId());
        writeErrorCode(w, m.errorCode());
        if (hasReplica) {
            w.text(REPLICA_ERROR_CODE).uint(uint8(REPLICA_ERROR_CODE, m.replicaErrorCode()));
        }
        if (hasIndex) {
            w.text(FAILED_ENVELOPE_INDEX).uint(m.failedEnvelopeIndex());
        }
    }

    private static void write(CborWriter w, CancelResendingCopyCommandReply m) {
        queryIdAndCode(w, m.queryId(), m.errorCode());
    }

    private static void write(CborWriter w, NextMessageBoxIndexReply m) {
        w.mapHeader(3);
        writeQueryId(w, m.queryId());
        fixed(w, NEXT_MESSAGE_BOX_INDEX, m.nextMessageBoxIndex(), WireSizes.MESSAGE_BOX_INDEX);
        writeErrorCode(w, m.errorCode());
    }

    private static void write(CborWriter w, GetMessageBoxIndexCounterReply m) {
        w.mapHeader(3);
        writeQueryId(w, m.queryId());
        w.text(COUNTER).uint(m.counter());
        writeErrorCode(w, m.errorCode());
    }

    private static void write(CborWriter w, GetPkiDocumentReply m) {
        w.mapHeader(4);
        writeQueryId(w, m.queryId());
        bytes(w, PAYLOAD, m.payload());
        w.text(EPOCH).uint(m.epoch());
        writeErrorCode(w, m.errorCode());
    }

    private static void write(CborWriter w, GetDirectoryAuthoritiesReply m) {
        w.mapHeader(3);
        writeQueryId(w, m.queryId());
        w.text(AUTHORITIES).value(m.authorities());
        writeErrorCode(w, m.errorCode());
    }

    private static void write(CborWriter w, CreateCourierEnvelopesFromPayloadReply m) {
        w.mapHeader(4);
        writeQueryId(w, m.queryId());
        byteList(w, ENVELOPES, m.envelopes(), -1);
        fixed(w, NEXT_DEST_INDEX, m.nextDestIndex(), WireSizes.MESSAGE_BOX_INDEX);
        writeErrorCode(w, m.errorCode());
    }

    private static void write(CborWriter w, CreateCourierEnvelopesFromMultiPayloadReply m) {
        w.mapHeader(5);
        writeQueryId(w, m.queryId());
        byteList(w, ENVELOPES, m.envelopes(), -1);
        bytes(w, BUFFER, m.buffer());
        byteList(w, NEXT_DEST_INDICES, m.nextDestIndices(), WireSizes.MESSAGE_BOX_INDEX);
        writeErrorCode(w, m.errorCode());
    }

    private static void write(CborWriter w, CreateCourierEnvelopesFromTombstoneRangeReply m) {
        w.mapHeader(5);
        writeQueryId(w, m.queryId());
        byteList(w, ENVELOPES, m.envelopes(), -1);
        bytes(w, BUFFER, m.buffer());
        fixed(w, NEXT_DEST_INDEX, m.nextDestIndex(), WireSizes.MESSAGE_BOX_INDEX);
        writeErrorCode(w, m.errorCode());
    }

    private static void write(CborWriter w, VoucherMintReply m) {
        w.mapHeader(8);
        writeQueryId(w, m.queryId());
        fixed(w, VOUCHER, m.voucher(), WireSizes.VOUCHER);
        bytes(w, VOUCHER_PAYLOAD, m.voucherPayload());
        fixed(w, VOUCHER_WRITE_CAP, m.voucherWriteCap(), WireSizes.WRITE_CAP);
        fixed(w, VOUCHER_READ_CAP, m.voucherReadCap(), WireSizes.READ_CAP);
        bytes(w, VOUCHER_SECRET_KEY, m.voucherSecretKey());
        bytes(w, VOUCHER_PUBLIC_KEY, m.voucherPublicKey());
        writeErrorCode(w, m.errorCode());
    }

    private static void write(CborWriter w, VoucherInductReply m) {
        w.mapHeader(8);
        writeQueryId(w, m.queryId());
        w.text(DISPLAY_NAME).textOrNull(m.displayName());
        fixed(w, MUTATED_MESSAGE_READ_CAP, m.mutatedMessageReadCap(), WireSizes.READ_CAP);
        bytes(w, SEALED_REPLY, m.sealedReply());
        fixed(w, VOUCHER_WRITE_CAP, m.voucherWriteCap(), WireSizes.WRITE_CAP);
        fixed(w, VOUCHER_READ_CAP, m.voucherReadCap(), WireSizes.READ_CAP);
        fixed(w, SALT, m.salt(), WireSizes.SALT);
        writeErrorCode(w, m.errorCode());
    }

    private static void write(CborWriter w, VoucherOpenReply m) {
        w.mapHeader(5);
        writeQueryId(w, m.queryId());
        bytes(w, WHO_REPLY, m.whoReply());
        fixed(w, SALT, m.salt(), WireSizes.SALT);
        fixed(w, MUTATED_MESSAGE_WRITE_CAP, m.mutatedMessageWriteCap(), WireSizes.WRITE_CAP);
        writeErrorCode(w, m.errorCode());
    }

    private static void write(CborWriter w, VoucherDeriveStreamReply m) {
        w.mapHeader(4);
        writeQueryId(w, m.queryId());
        fixed(w, VOUCHER_WRITE_CAP, m.voucherWriteCap(), WireSizes.WRITE_CAP);
        fixed(w, VOUCHER_READ_CAP, m.voucherReadCap(), WireSizes.READ_CAP);
        writeErrorCode(w, m.errorCode());
    }

    // ---- fields only the daemon writes ----

    private static void encryptReply(CborWriter w, byte[] queryId, byte[] ciphertext, byte[] descriptor,
            byte[] envelopeHash, byte[] next, int errorCode) {
        w.mapHeader(6);
        writeQueryId(w, queryId);
        bytes(w, MESSAGE_CIPHERTEXT, ciphertext);
        bytes(w, ENVELOPE_DESCRIPTOR, descriptor);
        fixed(w, ENVELOPE_HASH, envelopeHash, WireSizes.HASH);
        fixed(w, NEXT_MESSAGE_BOX_INDEX, next, WireSizes.MESSAGE_BOX_INDEX);
        writeErrorCode(w, errorCode);
    }

    private static void queryIdAndCode(CborWriter w, byte[] queryId, int errorCode) {
        w.mapHeader(2);
        writeQueryId(w, queryId);
        writeErrorCode(w, errorCode);
    }

    private static void writeErrorCode(CborWriter w, int code) {
        w.text(ERROR_CODE).uint(uint8(ERROR_CODE, code));
    }

    private static void byteList(CborWriter w, String field, List<byte[]> list, int size) {
        w.text(field);
        if (list == null) {
            w.nul();
            return;
        }
        w.arrayHeader(list.size());
        for (int i = 0; i < list.size(); i++) {
            byte[] b = list.get(i);
            if (b == null) {
                throw new IllegalArgumentException(field + "[" + i + "] is null");
            }
            if (size >= 0 && b.length != size) {
                throw new IllegalArgumentException(
                        field + "[" + i + "] must be " + size + " bytes, got " + b.length);
            }
            w.bytes(b);
        }
    }

    private static void writeSphinx(CborWriter w, SphinxGeometry g) {
        if (g == null) {
            w.nul();
            return;
        }
        w.mapHeader(14);
        w.text(G_PACKET_LENGTH).integer(g.packetLength());
        w.text(G_NR_HOPS).integer(g.nrHops());
        w.text(G_HEADER_LENGTH).integer(g.headerLength());
        w.text(G_ROUTING_INFO_LENGTH).integer(g.routingInfoLength());
        w.text(G_PER_HOP_ROUTING_INFO_LENGTH).integer(g.perHopRoutingInfoLength());
        w.text(G_SURB_LENGTH).integer(g.surbLength());
        w.text(G_SPHINX_PLAINTEXT_HEADER_LENGTH).integer(g.sphinxPlaintextHeaderLength());
        w.text(G_PAYLOAD_TAG_LENGTH).integer(g.payloadTagLength());
        w.text(G_FORWARD_PAYLOAD_LENGTH).integer(g.forwardPayloadLength());
        w.text(G_USER_FORWARD_PAYLOAD_LENGTH).integer(g.userForwardPayloadLength());
        w.text(G_NEXT_NODE_HOP_LENGTH).integer(g.nextNodeHopLength());
        w.text(G_SPRP_KEY_MATERIAL_LENGTH).integer(g.sprpKeyMaterialLength());
        w.text(G_NIKE_NAME).textOrNull(g.nikeName());
        w.text(G_KEM_NAME).textOrNull(g.kemName());
    }

    private static void writePigeonhole(CborWriter w, PigeonholeGeometry g) {
        if (g == null) {
            w.nul();
            return;
        }
        w.mapHeader(7);
        w.text(G_MAX_PLAINTEXT_PAYLOAD_LENGTH).integer(g.maxPlaintextPayloadLength());
        w.text(G_COURIER_QUERY_READ_LENGTH).integer(g.courierQueryReadLength());
        w.text(G_COURIER_QUERY_WRITE_LENGTH).integer(g.courierQueryWriteLength());
        w.text(G_COURIER_QUERY_REPLY_READ_LENGTH).integer(g.courierQueryReplyReadLength());
        w.text(G_COURIER_QUERY_REPLY_WRITE_LENGTH).integer(g.courierQueryReplyWriteLength());
        w.text(G_NIKE_NAME).textOrNull(g.nikeName());
        w.text(G_SIGNATURE_SCHEME_NAME).textOrNull(g.signatureSchemeName());
    }
}
