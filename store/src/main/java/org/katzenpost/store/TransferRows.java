package org.katzenpost.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.katzenpost.store.CopyElements.ElementOwner;
import java.util.Optional;
import org.katzenpost.thin.pigeonhole.CopyStreamBuffer;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.WriteCap;

/**
 * The rows of transfers in a {@link ChannelStore}: the persisted state of {@link TransferEngine}'s state machine
 * (one row per transfer, its copy elements in {@link CopyElements}). Every change is one transaction.
 */
final class TransferRows {
    private final ChannelStore db;
    private final CopyElements elementRows;

    TransferRows(ChannelStore db, CopyElements elements) {
        this.db = db;
        this.elementRows = elements;
    }


    /**
     * Starts a copy transfer with its first chunk staged, in one transaction: stores the chunk's copy-stream
     * elements with their temporary-stream boxes and reserves the destination boxes
     * {@code [destStartIndex, destNextIndex)} by moving the channel on. Only {@code stagedBytes} of the
     * {@code size} payload bytes are encoded so far, up to destination box
     * {@code destNextIndex} (exclusive), and {@code buffer} is the copy-stream encoder's residue to carry into
     * the next chunk. Further chunks are added with {@link #stageCopyChunk}.
     *
     * @param channel the write channel
     * @param label what the application calls the transfer
     * @param sha256 digest of the source, or null
     * @param size total payload bytes
     * @param stagedBytes payload bytes encoded in this first chunk
     * @param destStartIndex the channel's next index (the first destination box)
     * @param destNextIndex the destination index after this chunk's boxes
     * @param tempWriteCap the temporary stream's write cap (secret)
     * @param tempIndices one temporary-stream box per element
     * @param elements this chunk's copy-stream elements
     * @param buffer the encoder residue after this chunk (may be empty)
     * @return the transfer
     * @throws StoreException when the channel moved on meanwhile or the database fails
     */
    Transfer beginChunkedCopyTransfer(String channel, String label, byte[] sha256, long size,
            long stagedBytes, MessageBoxIndex destStartIndex, MessageBoxIndex destNextIndex, WriteCap tempWriteCap,
            List<MessageBoxIndex> tempIndices, List<byte[]> elements, CopyStreamBuffer buffer) {
        if (tempIndices.size() != elements.size()) {
            throw new IllegalArgumentException("one temporary index per element");
        }
        return db.tx(() -> {
            db.advanceWrite(channel, destStartIndex, destNextIndex);
            long id = insertTransfer(channel, Transfer.Kind.COPY, label, sha256, size, stagedBytes, destStartIndex,
                    destNextIndex, tempWriteCap);
            elementRows.insertElements(ElementOwner.TRANSFER, id, 0, tempIndices, elements);
            setBuffer(id, buffer);
            return transferNoTx(id).orElseThrow();
        });
    }

    /**
     * Adds the next chunk of a chunked copy transfer, in one transaction: its elements (numbered on from the
     * ones stored), the payload bytes staged so far, the destination index after them (the channel moves on to
     * it) and the encoder residue. Nothing changes when the transfer's offset is no longer {@code fromOffset}.
     *
     * @param transferId the transfer
     * @param fromOffset the staged offset this chunk continues from
     * @param toOffset the staged offset after this chunk
     * @param destNextIndex the destination index after this chunk's boxes
     * @param tempIndices one temporary-stream box per element
     * @param elements this chunk's copy-stream elements
     * @param buffer the encoder residue after this chunk (may be empty)
     * @return the transfer after the update
     * @throws StoreException when the transfer or its channel moved on meanwhile, or the database fails
     */
    Transfer stageCopyChunk(long transferId, long fromOffset, long toOffset, MessageBoxIndex destNextIndex,
            List<MessageBoxIndex> tempIndices, List<byte[]> elements, CopyStreamBuffer buffer) {
        if (tempIndices.size() != elements.size()) {
            throw new IllegalArgumentException("one temporary index per element");
        }
        return db.tx(() -> {
            Transfer t = transferNoTx(transferId).orElseThrow(() ->
                    new StoreException("no transfer " + transferId));
            if (t.offset() != fromOffset) {
                throw new StoreException("transfer " + transferId + " is at offset " + t.offset() + ", not "
                        + fromOffset + " (another writer?)");
            }
            db.advanceWrite(t.channel(), t.destNextIndex(), destNextIndex);
            int seq = elementRows.nextSeq(ElementOwner.TRANSFER, transferId);
            elementRows.insertElements(ElementOwner.TRANSFER, transferId, seq, tempIndices,
                    elements);
            try (PreparedStatement ps = conn().prepareStatement(
                    "UPDATE transfer SET offset = ?, dest_next_index = ? WHERE id = ?")) {
                ps.setLong(1, toOffset);
                ps.setBytes(2, destNextIndex.toBytes());
                ps.setLong(3, transferId);
                ps.executeUpdate();
            }
            setBuffer(transferId, buffer);
            return transferNoTx(transferId).orElseThrow();
        });
    }

    /**
     * The copy-stream encoder residue stored with a chunked copy transfer (empty when none).
     *
     * @param transferId the transfer
     * @return the residue, never null
     */
    CopyStreamBuffer copyBuffer(long transferId) {
        return db.read(() -> {
            try (PreparedStatement ps = conn().prepareStatement("SELECT copy_buffer FROM transfer WHERE id = ?")) {
                ps.setLong(1, transferId);
                try (ResultSet rs = ps.executeQuery()) {
                    return Rows.buffer(rs.next() ? rs.getBytes(1) : null);
                }
            }
        });
    }

    private void setBuffer(long id, CopyStreamBuffer buffer) throws SQLException {
        try (PreparedStatement ps = conn().prepareStatement("UPDATE transfer SET copy_buffer = ? WHERE id = ?")) {
            ps.setBytes(1, buffer == null || buffer.isEmpty() ? null : buffer.toBytes());
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /** Starts a direct transfer; its boxes are then {@link #enqueue}d one by one with its id. */
    Transfer beginDirectTransfer(String channel, String label, byte[] sha256, long size) {
        return db.tx(() -> {
            WriteChannel ch = db.writeChannelNoTx(channel).orElseThrow(() ->
                    new StoreException("no write channel \"" + channel + "\""));
            long id = insertTransfer(channel, Transfer.Kind.DIRECT, label, sha256, size, 0, ch.nextIndex(), null,
                    null);
            return transferNoTx(id).orElseThrow();
        });
    }

    private long insertTransfer(String channel, Transfer.Kind kind, String label, byte[] sha256, long size,
            long offset, MessageBoxIndex destStart, MessageBoxIndex destNext, WriteCap tempCap) throws SQLException {
        try (PreparedStatement ps = conn().prepareStatement("INSERT INTO transfer (channel, kind, state, label,"
                + " sha256, size, offset, dest_start_index, dest_next_index, temp_write_cap, created_at)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, channel);
            ps.setString(2, kind.name());
            ps.setString(3, Transfer.State.SENDING.name());
            ps.setString(4, label);
            ps.setBytes(5, sha256);
            ps.setLong(6, size);
            ps.setLong(7, offset);
            ps.setBytes(8, Rows.bytes(destStart));
            ps.setBytes(9, Rows.bytes(destNext));
            ps.setBytes(10, Rows.bytes(tempCap));
            ps.setLong(11, System.currentTimeMillis());
            ps.executeUpdate();
            return ChannelStore.generatedId(ps);
        }
    }

    Optional<Transfer> transfer(long id) {
        return db.read(() -> transferNoTx(id));
    }

    /** The oldest transfer of {@code channel} that is neither done nor abandoned. */
    Optional<Transfer> openTransfer(String channel) {
        return db.read(() -> {
            try (PreparedStatement ps = conn().prepareStatement("SELECT id FROM transfer WHERE channel = ?"
                    + " AND state IN ('SENDING', 'COPYING') ORDER BY id LIMIT 1")) {
                ps.setString(1, channel);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? transferNoTx(rs.getLong(1)) : Optional.<Transfer>empty();
                }
            }
        });
    }

    private Optional<Transfer> transferNoTx(long id) throws SQLException {
        try (PreparedStatement ps = conn().prepareStatement("SELECT channel, kind, state, label, sha256, size, offset,"
                + " dest_start_index, dest_next_index, temp_write_cap FROM transfer WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Transfer(id, rs.getString(1), Transfer.Kind.valueOf(rs.getString(2)),
                        Transfer.State.valueOf(rs.getString(3)), rs.getString(4), rs.getBytes(5), rs.getLong(6),
                        rs.getLong(7), Rows.index(rs.getBytes(8)), Rows.index(rs.getBytes(9)),
                        Rows.writeCap(rs.getBytes(10))));
            }
        }
    }

    /** The copy elements of {@code transferId}, in order. */
    List<CopyElement> copyElements(long transferId) {
        return elementRows.elements(ElementOwner.TRANSFER, transferId);
    }

    /** Records that element {@code seq} is written to the temporary stream (acknowledged). */
    void markElementWritten(long transferId, int seq) {
        elementRows.markWritten(ElementOwner.TRANSFER, transferId, seq);
    }

    /**
     * Moves a transfer to {@code state}. {@code DONE} and {@code ABANDONED} also drop the copy elements and
     * the temporary cap, which are no longer needed.
     */
    void setTransferState(long id, Transfer.State state) {
        elementRows.setState(ElementOwner.TRANSFER, id, state.name(),
                state == Transfer.State.DONE || state == Transfer.State.ABANDONED);
    }

    private java.sql.Connection conn() {
        return db.conn();
    }
}
