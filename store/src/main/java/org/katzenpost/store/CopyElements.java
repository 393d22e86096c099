package org.katzenpost.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;

/**
 * The {@code copy_element} table: the copy-stream elements of copy transfers ({@link TransferRows}) and of
 * multi-destination copy streams ({@link CopyStreamRows}), each with its temporary-stream box and whether it is
 * written. One table and one code path for both (schema version 5).
 */
final class CopyElements {
    private final ChannelStore db;

    CopyElements(ChannelStore db) {
        this.db = db;
    }

    /**
     * Who a row of {@code copy_element} belongs to: a copy transfer or a multi-destination copy stream (one table,
     * one column each, exactly one of them set).
     */
    enum ElementOwner {
        TRANSFER("transfer_id", "transfer", "copy_buffer"),
        STREAM("stream_id", "copy_stream", "buffer");

        /** The {@code copy_element} column that points at the owner. */
        final String column;
        /** The owner's own table and its encoder-residue column. */
        final String table;
        final String bufferColumn;

        ElementOwner(String column, String table, String bufferColumn) {
            this.column = column;
            this.table = table;
            this.bufferColumn = bufferColumn;
        }
    }

    void insertElements(ElementOwner owner, long id, int firstSeq, List<MessageBoxIndex> tempIndices,
            List<byte[]> elements) throws SQLException {
        try (PreparedStatement ps = db.conn().prepareStatement("INSERT INTO copy_element"
                + " (" + owner.column + ", seq, temp_index, element, written) VALUES (?,?,?,?,0)")) {
            for (int i = 0; i < elements.size(); i++) {
                ps.setLong(1, id);
                ps.setInt(2, firstSeq + i);
                ps.setBytes(3, tempIndices.get(i).toBytes());
                ps.setBytes(4, elements.get(i));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    int nextSeq(ElementOwner owner, long id) throws SQLException {
        return (int) db.countLong("SELECT COALESCE(MAX(seq) + 1, 0) FROM copy_element WHERE " + owner.column + " = ?",
                id);
    }

    List<CopyElement> elements(ElementOwner owner, long id) {
        return db.read(() -> {
            List<CopyElement> out = new ArrayList<>();
            try (PreparedStatement ps = db.conn().prepareStatement("SELECT seq, temp_index, element, written"
                    + " FROM copy_element WHERE " + owner.column + " = ? ORDER BY seq")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new CopyElement(id, rs.getInt(1), Rows.index(rs.getBytes(2)), rs.getBytes(3),
                                rs.getInt(4) != 0));
                    }
                }
            }
            return out;
        });
    }

    void markWritten(ElementOwner owner, long id, int seq) {
        db.tx(() -> db.exec("UPDATE copy_element SET written = 1 WHERE " + owner.column + " = ? AND seq = ?", id, seq));
    }

    /**
     * Moves owner {@code id} to {@code state} in one transaction; a {@code finished} owner (done or abandoned) also
     * drops its temporary cap, its encoder residue and its elements' bytes, which are secret and no longer needed.
     */
    void setState(ElementOwner owner, long id, String state, boolean finished) {
        db.tx(() -> {
            try (PreparedStatement ps = db.conn().prepareStatement("UPDATE " + owner.table
                    + " SET state = ?, finished_at = ?"
                    + (finished ? ", temp_write_cap = NULL, " + owner.bufferColumn + " = NULL" : "") + " WHERE id = ?")) {
                ps.setString(1, state);
                if (finished) {
                    ps.setLong(2, System.currentTimeMillis());
                } else {
                    ps.setNull(2, java.sql.Types.INTEGER);
                }
                ps.setLong(3, id);
                ps.executeUpdate();
            }
            if (finished) {
                dropElementBytes(owner, id);
            }
            return null;
        });
    }

    /** Drops the elements' bytes (secret, and useless once the copy is done or abandoned); keeps the rows. */
    void dropElementBytes(ElementOwner owner, long id) throws SQLException {
        db.exec("UPDATE copy_element SET element = NULL WHERE " + owner.column + " = ?", id);
    }
}
