package org.katzenpost.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.katzenpost.store.CopyElements.ElementOwner;
import org.katzenpost.thin.pigeonhole.CopyStreamBuffer;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.WriteCap;

/**
 * The rows of multi-destination copy streams in a {@link ChannelStore} ({@link CopyStreamBuilder}'s state; the
 * elements in {@link CopyElements}). Every change is one transaction.
 */
final class CopyStreamRows {
    private final ChannelStore db;
    private final CopyElements elementRows;

    CopyStreamRows(ChannelStore db, CopyElements elements) {
        this.db = db;
        this.elementRows = elements;
    }


    /**
     * Starts a copy stream over any number of destinations: its temporary stream, where its elements go.
     *
     * @param label what the application calls it (may be null)
     * @param tempWriteCap the write cap of the temporary stream (secret)
     * @param tempFirstIndex the first index of the temporary stream
     * @return the stored stream
     */
    StoredCopyStream beginCopyStream(String label, WriteCap tempWriteCap, MessageBoxIndex tempFirstIndex) {
        Objects.requireNonNull(tempWriteCap, "tempWriteCap");
        Objects.requireNonNull(tempFirstIndex, "tempFirstIndex");
        return db.tx(() -> {
            long id;
            try (PreparedStatement ps = conn().prepareStatement("INSERT INTO copy_stream (label, state, temp_write_cap,"
                    + " temp_next_index, created_at) VALUES (?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, label);
                ps.setString(2, StoredCopyStream.State.BUILDING.name());
                ps.setBytes(3, tempWriteCap.toBytes());
                ps.setBytes(4, tempFirstIndex.toBytes());
                ps.setLong(5, System.currentTimeMillis());
                ps.executeUpdate();
                id = ChannelStore.generatedId(ps);
            }
            return copyStreamNoTx(id).orElseThrow();
        });
    }

    /**
     * Stores the elements one {@code add} produced, with their temporary-stream boxes, the residue buffer and
     * the new temporary next index, in one transaction. Optionally reserves destination boxes of stored write
     * channels at the same time (moves each from its expected next index to the given one).
     *
     * @param streamId the stream
     * @param expectedTempNext the temporary next index the stream must be at (guards against a double add)
     * @param tempNext the temporary next index after these elements
     * @param tempIndices one temporary index per element
     * @param elements the elements (secret)
     * @param buffer the residue to pass to the next add (may be empty)
     * @param payloads how many payloads this add covered
     * @param last whether this add ended the stream
     * @param reservations write channels to move on: name, expected next index, new next index (may be empty)
     * @return the stream after the change
     * @throws StoreException if the stream or a channel moved on meanwhile, or the stream is no longer building
     */
    StoredCopyStream stageCopyElements(long streamId, MessageBoxIndex expectedTempNext, MessageBoxIndex tempNext,
            List<MessageBoxIndex> tempIndices, List<byte[]> elements, CopyStreamBuffer buffer, int payloads, boolean last,
            List<ChannelReservation> reservations) {
        if (tempIndices.size() != elements.size()) {
            throw new IllegalArgumentException("one temporary index per element");
        }
        return db.tx(() -> {
            StoredCopyStream cur = copyStreamNoTx(streamId).orElseThrow(() ->
                    new StoreException("no copy stream " + streamId));
            if (cur.state() != StoredCopyStream.State.BUILDING || cur.lastAdded()) {
                throw new StoreException("copy stream " + streamId + " is already complete");
            }
            if (!cur.tempNextIndex().equals(expectedTempNext)) {
                throw new StoreException("copy stream " + streamId + " moved on meanwhile (another builder?)");
            }
            for (ChannelReservation r : reservations) {
                db.advanceWrite(r.channel(), r.expectedNextIndex(), r.nextIndex());
            }
            int seq = elementRows.nextSeq(ElementOwner.STREAM, streamId);
            elementRows.insertElements(ElementOwner.STREAM, streamId, seq, tempIndices,
                    elements);
            try (PreparedStatement ps = conn().prepareStatement("UPDATE copy_stream SET temp_next_index = ?,"
                    + " buffer = ?,"
                    + " payloads = payloads + ?, last_added = ? WHERE id = ?")) {
                ps.setBytes(1, tempNext.toBytes());
                ps.setBytes(2, buffer.toBytes());
                ps.setInt(3, payloads);
                ps.setInt(4, last ? 1 : 0);
                ps.setLong(5, streamId);
                ps.executeUpdate();
            }
            return copyStreamNoTx(streamId).orElseThrow();
        });
    }

    /**
     * A write channel whose next index a copy stream moves on, reserving the destination boxes it writes.
     *
     * @param channel the write channel name
     * @param expectedNextIndex where the channel must be now
     * @param nextIndex where it moves to
     */
    record ChannelReservation(String channel, MessageBoxIndex expectedNextIndex, MessageBoxIndex nextIndex) {
        @Override
        public String toString() {
            return "ChannelReservation[" + channel + "]";
        }
    }

    /**
     * The copy stream {@code id}.
     *
     * @param id the stream id
     * @return the stream, or empty if there is none
     */
    Optional<StoredCopyStream> copyStream(long id) {
        return db.read(() -> copyStreamNoTx(id));
    }

    /**
     * The copy streams that are neither done nor abandoned, oldest first.
     *
     * @return their ids
     */
    List<Long> openCopyStreams() {
        return db.read(() -> {
            List<Long> out = new ArrayList<>();
            try (Statement st = db.conn().createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT id FROM copy_stream WHERE state IN ('BUILDING', 'COPYING') ORDER BY id")) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        });
    }

    private Optional<StoredCopyStream> copyStreamNoTx(long id) throws SQLException {
        try (PreparedStatement ps = conn().prepareStatement("SELECT label, state, temp_write_cap, temp_next_index,"
                + " buffer, payloads, last_added FROM copy_stream WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredCopyStream(id, rs.getString(1),
                        StoredCopyStream.State.valueOf(rs.getString(2)), Rows.writeCap(rs.getBytes(3)),
                        Rows.index(rs.getBytes(4)), Rows.buffer(rs.getBytes(5)), rs.getInt(6), rs.getInt(7) != 0));
            }
        }
    }

    /**
     * The elements of copy stream {@code streamId}, in order ({@link CopyElement#transferId()} is the stream id).
     *
     * @param streamId the stream
     * @return its elements
     */
    List<CopyElement> copyStreamElements(long streamId) {
        return elementRows.elements(ElementOwner.STREAM, streamId);
    }

    /**
     * Records that element {@code seq} of copy stream {@code streamId} is written to its temporary stream.
     *
     * @param streamId the stream
     * @param seq the element's position
     */
    void markCopyStreamElementWritten(long streamId, int seq) {
        elementRows.markWritten(ElementOwner.STREAM, streamId, seq);
    }

    /**
     * Moves copy stream {@code id} to {@code state}; {@code DONE} and {@code ABANDONED} also drop its elements,
     * buffer and temporary cap.
     *
     * @param id the stream
     * @param state the new state
     */
    void setCopyStreamState(long id, StoredCopyStream.State state) {
        elementRows.setState(ElementOwner.STREAM, id, state.name(),
                state == StoredCopyStream.State.DONE || state == StoredCopyStream.State.ABANDONED);
    }

    private java.sql.Connection conn() {
        return db.conn();
    }
}
