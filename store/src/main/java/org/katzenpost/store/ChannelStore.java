package org.katzenpost.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.ReadCap;
import org.katzenpost.thin.pigeonhole.WriteCap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash-safe storage of Pigeonhole channels on SQLite: write and read channels with their next indices,
 * outgoing messages until the daemon acknowledged them, received messages until the application consumed
 * them, and multi-box transfers.
 *
 * <p>Every state change is one transaction, made durable before the step it enables ({@code synchronous=FULL},
 * WAL journal). The protocol the {@link PersistentChannels} driver follows with it:
 * <ul>
 *   <li>send: {@link #enqueue} (the message takes its box and the channel's index moves on, atomically), then
 *       the write, then {@link #markSent}; after a crash, {@link #pending} messages are written again to the
 *       same box (Pigeonhole writes to the same box are idempotent);</li>
 *   <li>receive: the read, then {@link #recordReceived} (message stored and index advanced, atomically), then
 *       the application consumes it and calls {@link #markConsumed}; a read repeated after a crash is
 *       harmless, and a box already stored is never stored twice.</li>
 * </ul>
 *
 * <p>The database file is created 0600 in a 0700 folder; SQLite gives its journal files the same mode. Caps
 * and payloads are secrets: nothing here logs them, and payloads are dropped once sent or consumed (received
 * payloads are kept only for read channels that keep their history, {@link #setKeepHistory}). The
 * schema is versioned with {@code PRAGMA user_version} and migrated on open. Thread-safe (one connection,
 * serialised); several processes may share a file (SQLite locking, 10 s busy timeout).
 */
public final class ChannelStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChannelStore.class);

    /**
     * The schema version this program writes ({@code PRAGMA user_version}), {@value}: {@link #open} migrates an
     * older file up to it, and refuses a newer one.
     */
    public static final int SCHEMA_VERSION = Schema.VERSION;

    private final Path file;
    private final Connection conn;
    private final Object lock = new Object();

    private final TransferRows transfers;
    private final CopyStreamRows copyStreams;

    private ChannelStore(Path file, Connection conn) {
        this.file = file;
        this.conn = conn;
        CopyElements elements = new CopyElements(this);
        this.transfers = new TransferRows(this, elements);
        this.copyStreams = new CopyStreamRows(this, elements);
    }

    /** The transfers' rows (the state of {@link TransferEngine}). */
    TransferRows transfers() {
        return transfers;
    }

    /** The copy streams' rows (the state of {@link CopyStreamBuilder}). */
    CopyStreamRows copyStreams() {
        return copyStreams;
    }

    Connection conn() {
        return conn;
    }

    /**
     * Opens (creating if needed) the store at {@code file}: 0600 file, missing parent folders 0700, schema
     * migrated to {@link #SCHEMA_VERSION}. Close it when done; it holds one database connection.
     *
     * @param file the database file, relative to the working directory or absolute
     * @return the open store
     * @throws NullPointerException if {@code file} is null
     * @throws StoreException if the file or its folders cannot be created, the database cannot be opened or
     *     migrated, or its schema is newer than {@link #SCHEMA_VERSION}
     */
    public static ChannelStore open(Path file) {
        Objects.requireNonNull(file, "file");
        Path abs = file.toAbsolutePath();
        try {
            OwnerOnlyFiles.ensureFile(abs);
        } catch (IOException e) {
            throw new StoreException("cannot create the channel store " + abs + ": " + e.getMessage(), e);
        }
        Properties p = new Properties();
        p.setProperty("journal_mode", "WAL");
        p.setProperty("synchronous", "FULL");
        p.setProperty("foreign_keys", "true");
        p.setProperty("busy_timeout", "10000");
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + abs, p);
        } catch (SQLException e) {
            throw new StoreException("cannot open the channel store " + abs + ": " + e.getMessage(), e);
        }
        ChannelStore store = new ChannelStore(abs, c);
        try {
            store.migrate();
        } catch (SQLException | RuntimeException e) {
            store.close();
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("cannot open the channel store " + abs + ": " + e.getMessage(), e);
        }
        return store;
    }

    private void migrate() throws SQLException {
        int version = pragmaVersion();
        if (version > SCHEMA_VERSION) {
            throw new StoreException("the channel store " + file + " has schema version " + version
                    + ", newer than this program understands (" + SCHEMA_VERSION + "); use a newer version");
        }
        for (int v = version; v < SCHEMA_VERSION; v++) {
            int from = v;
            tx(() -> {
                if (pragmaVersion() != from) {
                    return null; // another process migrated meanwhile
                }
                try (Statement st = conn.createStatement()) {
                    for (String sql : Schema.MIGRATIONS.get(from)) {
                        st.execute(sql);
                    }
                    st.execute("PRAGMA user_version = " + (from + 1));
                }
                return null;
            });
            log.debug("channel store {} migrated to schema version {}", file, v + 1);
        }
    }

    private int pragmaVersion() throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * The schema version of the open database ({@code PRAGMA user_version}); {@link #SCHEMA_VERSION} once
     * {@link #open} returned, unless a newer program migrated the file since.
     *
     * @return the version
     * @throws StoreException if the database cannot be read (for example after {@link #close})
     */
    public int schemaVersion() {
        return read(() -> pragmaVersion());
    }

    /**
     * The database file.
     *
     * @return its absolute path
     */
    public Path file() {
        return file;
    }

    /**
     * Closes the database connection; idempotent. A failure to close is logged, not thrown. Any later call
     * other than {@code close} and {@link #file} fails with a {@link StoreException}.
     */
    @Override
    public void close() {
        synchronized (lock) {
            try {
                if (!conn.isClosed()) {
                    conn.close();
                }
            } catch (SQLException e) {
                log.warn("closing the channel store {}: {}", file, e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------ channels

    /**
     * Adds a write channel in the {@link ChannelFormat#FRAMED} format, or returns the existing one of that name
     * when it has the same write cap (so a program can call this on every start). A different cap under the same
     * name is an error. A new channel's next index is {@code firstIndex}.
     *
     * @param name the channel's name in this store, not blank
     * @param writeCap the channel's write cap (secret; stored, never logged)
     * @param readCap the matching read cap to hand to readers, or null when not known
     * @param firstIndex the index of the channel's first box
     * @return the stored channel, new or existing (an existing one keeps its next index)
     * @throws IllegalArgumentException if {@code name} is null or blank
     * @throws NullPointerException if {@code writeCap} or {@code firstIndex} is null
     * @throws StoreException if a different write channel, or one in another format, is stored under
     *     {@code name}, or the database fails
     */
    public WriteChannel addWriteChannel(String name, WriteCap writeCap, ReadCap readCap, MessageBoxIndex firstIndex) {
        return addWriteChannel(name, writeCap, readCap, firstIndex, ChannelFormat.FRAMED);
    }

    /**
     * Like {@link #addWriteChannel(String, WriteCap, ReadCap, MessageBoxIndex)}, in the given format; an existing channel of
     * that name must have the same format too.
     *
     * @param name the channel's name in this store, not blank
     * @param writeCap the channel's write cap (secret; stored, never logged)
     * @param readCap the matching read cap to hand to readers, or null when not known
     * @param firstIndex the index of the channel's first box
     * @param format how messages are laid out in the channel's boxes
     * @return the stored channel, new or existing (an existing one keeps its next index)
     * @throws IllegalArgumentException if {@code name} is null or blank
     * @throws NullPointerException if {@code writeCap}, {@code firstIndex} or {@code format} is null
     * @throws StoreException if a different write channel, or one in another format, is stored under
     *     {@code name}, or the database fails
     */
    public WriteChannel addWriteChannel(String name, WriteCap writeCap, ReadCap readCap, MessageBoxIndex firstIndex,
            ChannelFormat format) {
        requireName(name);
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(writeCap, "writeCap");
        Objects.requireNonNull(firstIndex, "firstIndex");
        return tx(() -> {
            Optional<WriteChannel> existing = writeChannelNoTx(name);
            if (existing.isPresent()) {
                if (!existing.get().writeCap().equals(writeCap)) {
                    throw new StoreException("a different write channel is already stored as \"" + name + "\"");
                }
                requireFormat(name, existing.get().format(), format);
                return existing.get();
            }
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO write_channel (name, write_cap, read_cap,"
                    + " first_index, next_index, created_at, format) VALUES (?,?,?,?,?,?,?)")) {
                ps.setString(1, name);
                ps.setBytes(2, Rows.bytes(writeCap));
                ps.setBytes(3, Rows.bytes(readCap));
                ps.setBytes(4, Rows.bytes(firstIndex));
                ps.setBytes(5, Rows.bytes(firstIndex));
                ps.setLong(6, System.currentTimeMillis());
                ps.setString(7, format.name());
                ps.executeUpdate();
            }
            return new WriteChannel(name, writeCap, readCap, firstIndex, firstIndex, format);
        });
    }

    /**
     * Adds a read channel in the {@link ChannelFormat#FRAMED} format, or returns the existing one of that name
     * when it has the same read cap (so a program can call this on every start). A different cap under the same
     * name is an error. A new channel's next index is {@code firstIndex}.
     *
     * @param name the channel's name in this store, not blank (a read and a write channel may share a name)
     * @param readCap the channel's read cap (secret; stored, never logged)
     * @param firstIndex the index of the first box to read
     * @return the stored channel, new or existing (an existing one keeps its next index)
     * @throws IllegalArgumentException if {@code name} is null or blank
     * @throws NullPointerException if {@code readCap} or {@code firstIndex} is null
     * @throws StoreException if a different read channel, or one in another format, is stored under
     *     {@code name}, or the database fails
     */
    public ReadChannel addReadChannel(String name, ReadCap readCap, MessageBoxIndex firstIndex) {
        return addReadChannel(name, readCap, firstIndex, ChannelFormat.FRAMED);
    }

    /**
     * Like {@link #addReadChannel(String, ReadCap, MessageBoxIndex)}, in the given format; an existing channel of that name
     * must have the same format too.
     *
     * @param name the channel's name in this store, not blank (a read and a write channel may share a name)
     * @param readCap the channel's read cap (secret; stored, never logged)
     * @param firstIndex the index of the first box to read
     * @param format how messages are laid out in the channel's boxes
     * @return the stored channel, new or existing (an existing one keeps its next index)
     * @throws IllegalArgumentException if {@code name} is null or blank
     * @throws NullPointerException if {@code readCap}, {@code firstIndex} or {@code format} is null
     * @throws StoreException if a different read channel, or one in another format, is stored under
     *     {@code name}, or the database fails
     */
    public ReadChannel addReadChannel(String name, ReadCap readCap, MessageBoxIndex firstIndex, ChannelFormat format) {
        requireName(name);
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(readCap, "readCap");
        Objects.requireNonNull(firstIndex, "firstIndex");
        return tx(() -> {
            Optional<ReadChannel> existing = readChannelNoTx(name);
            if (existing.isPresent()) {
                if (!existing.get().readCap().equals(readCap)) {
                    throw new StoreException("a different read channel is already stored as \"" + name + "\"");
                }
                requireFormat(name, existing.get().format(), format);
                return existing.get();
            }
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO read_channel"
                    + " (name, read_cap, first_index, next_index, created_at, format) VALUES (?,?,?,?,?,?)")) {
                ps.setString(1, name);
                ps.setBytes(2, Rows.bytes(readCap));
                ps.setBytes(3, Rows.bytes(firstIndex));
                ps.setBytes(4, Rows.bytes(firstIndex));
                ps.setLong(5, System.currentTimeMillis());
                ps.setString(6, format.name());
                ps.executeUpdate();
            }
            return new ReadChannel(name, readCap, firstIndex, firstIndex, format);
        });
    }

    /**
     * The write channel stored under {@code name}, as it is now (its next index moves with every message).
     *
     * @param name the channel name
     * @return the channel, or empty if there is none of that name
     * @throws StoreException if the database fails
     */
    public Optional<WriteChannel> writeChannel(String name) {
        return read(() -> writeChannelNoTx(name));
    }

    /**
     * The read channel stored under {@code name}, as it is now (its next index moves with every message).
     *
     * @param name the channel name
     * @return the channel, or empty if there is none of that name
     * @throws StoreException if the database fails
     */
    public Optional<ReadChannel> readChannel(String name) {
        return read(() -> readChannelNoTx(name));
    }

    /**
     * The names of all write channels.
     *
     * @return the names, sorted; empty if there are none
     * @throws StoreException if the database fails
     */
    public List<String> writeChannelNames() {
        return read(() -> names("SELECT name FROM write_channel ORDER BY name"));
    }

    /**
     * The names of all read channels.
     *
     * @return the names, sorted; empty if there are none
     * @throws StoreException if the database fails
     */
    public List<String> readChannelNames() {
        return read(() -> names("SELECT name FROM read_channel ORDER BY name"));
    }

    private List<String> names(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    Optional<WriteChannel> writeChannelNoTx(String name) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT write_cap, read_cap, first_index, next_index, format FROM write_channel WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new WriteChannel(name, Rows.writeCap(rs.getBytes(1)), Rows.readCap(rs.getBytes(2)),
                        Rows.index(rs.getBytes(3)), Rows.index(rs.getBytes(4)), Rows.format(rs.getString(5))));
            }
        }
    }

    private Optional<ReadChannel> readChannelNoTx(String name) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT read_cap, first_index, next_index, format FROM read_channel WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ReadChannel(name, Rows.readCap(rs.getBytes(1)), Rows.index(rs.getBytes(2)),
                        Rows.index(rs.getBytes(3)), Rows.format(rs.getString(4))));
            }
        }
    }

    private static void requireFormat(String name, ChannelFormat stored, ChannelFormat wanted) {
        if (stored != wanted) {
            throw new StoreException("channel \"" + name + "\" is stored in format " + stored + ", not " + wanted);
        }
    }

    /**
     * Moves read channel {@code channel} from {@code expected} to {@code next} without storing a message: the
     * boxes between did not hold a well-formed message and are skipped.
     */
    void skipReceived(String channel, MessageBoxIndex expected, MessageBoxIndex next) {
        tx(() -> {
            if (exec("UPDATE read_channel SET next_index = ? WHERE name = ? AND next_index = ?", next.toBytes(),
                    channel, expected.toBytes()) != 1) {
                throw new StoreException("read channel \"" + channel + "\" is missing or moved on meanwhile"
                        + " (another reader?)");
            }
            return null;
        });
    }

    void advanceWrite(String channel, MessageBoxIndex expected, MessageBoxIndex next) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "UPDATE write_channel SET next_index = ? WHERE name = ? AND next_index = ?")) {
            ps.setBytes(1, next.toBytes());
            ps.setString(2, channel);
            ps.setBytes(3, expected.toBytes());
            if (ps.executeUpdate() != 1) {
                throw new StoreException("write channel \"" + channel + "\" is missing or moved on meanwhile"
                        + " (another writer?)");
            }
        }
    }

    // ------------------------------------------------------------------ outgoing

    /**
     * Takes box {@code boxIndex} (which must be the channel's next index) for {@code payload} and moves the
     * channel on to {@code nextIndex}, in one transaction. With a {@code transferId} of a direct transfer, also
     * adds {@code sourceBytes} to its offset. The message stays {@link #pending} until {@link #markSent}.
     *
     * @param channel the write channel
     * @param boxIndex the box the message takes: the channel's current next index
     * @param nextIndex the index after {@code boxIndex}, the channel's next index from now on
     * @param payload the box plaintext (secret; empty for a tombstone); copied
     * @param transferId the transfer the box belongs to, or 0 for none
     * @param sourceBytes how many bytes of the transfer's source the box carries (ignored without a transfer)
     * @return the queued message, not yet sent
     * @throws NullPointerException if {@code boxIndex}, {@code nextIndex} or {@code payload} is null
     * @throws StoreException if the channel is missing, its next index is not {@code boxIndex} (another writer
     *     moved it), or the database fails
     */
    public OutgoingMessage enqueue(String channel, MessageBoxIndex boxIndex, MessageBoxIndex nextIndex,
            byte[] payload, long transferId, long sourceBytes) {
        Objects.requireNonNull(boxIndex, "boxIndex");
        Objects.requireNonNull(nextIndex, "nextIndex");
        Objects.requireNonNull(payload, "payload");
        return tx(() -> {
            advanceWrite(channel, boxIndex, nextIndex);
            long id;
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO outgoing"
                    + " (channel, box_index, payload, sent, transfer_id, created_at) VALUES (?,?,?,0,?,?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, channel);
                ps.setBytes(2, boxIndex.toBytes());
                ps.setBytes(3, payload);
                if (transferId > 0) {
                    ps.setLong(4, transferId);
                } else {
                    ps.setNull(4, java.sql.Types.INTEGER);
                }
                ps.setLong(5, System.currentTimeMillis());
                ps.executeUpdate();
                id = generatedId(ps);
            }
            if (transferId > 0 && sourceBytes != 0) {
                try (PreparedStatement ps = conn.prepareStatement(
                        "UPDATE transfer SET offset = offset + ? WHERE id = ?")) {
                    ps.setLong(1, sourceBytes);
                    ps.setLong(2, transferId);
                    ps.executeUpdate();
                }
            }
            return new OutgoingMessage(id, channel, boxIndex, payload, false, transferId);
        });
    }

    /**
     * Messages of {@code channel} not yet acknowledged: after a crash, the ones to write again, to the same
     * boxes.
     *
     * @param channel the write channel
     * @return the messages with their payloads (a tombstone's may read back as null), oldest first; empty if
     *     none (or no such channel)
     * @throws StoreException if the database fails
     */
    public List<OutgoingMessage> pending(String channel) {
        return read(() -> {
            List<OutgoingMessage> out = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT id, box_index, payload, transfer_id"
                    + " FROM outgoing WHERE channel = ? AND sent = 0 ORDER BY id")) {
                ps.setString(1, channel);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new OutgoingMessage(rs.getLong(1), channel, Rows.index(rs.getBytes(2)), rs.getBytes(3),
                                false, rs.getLong(4)));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Records the daemon's acknowledgement of message {@code id} and drops its payload. An unknown id is
     * ignored, and marking a message again is harmless.
     *
     * @param id the {@link OutgoingMessage#id()}
     * @throws StoreException if the database fails
     */
    public void markSent(long id) {
        tx(() -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "UPDATE outgoing SET sent = 1, payload = NULL, sent_at = ? WHERE id = ?")) {
                ps.setLong(1, System.currentTimeMillis());
                ps.setLong(2, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * How many boxes were queued for transfer {@code transferId} (sent or not).
     *
     * @param transferId the {@link Transfer#id()}
     * @return the number of boxes; 0 for an unknown transfer
     * @throws StoreException if the database fails
     */
    public long boxesOfTransfer(long transferId) {
        return read(() -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT COUNT(*) FROM outgoing WHERE transfer_id = ?")) {
                ps.setLong(1, transferId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    /**
     * How many messages of {@code channel} were acknowledged (tombstones and transfer boxes included).
     *
     * @param channel the write channel
     * @return the number of messages; 0 for an unknown channel
     * @throws StoreException if the database fails
     */
    public long sentCount(String channel) {
        return read(() -> count("SELECT COUNT(*) FROM outgoing WHERE channel = ? AND sent = 1", channel));
    }

    // ------------------------------------------------------------------ received

    /**
     * Stores {@code payload}, read from box {@code boxIndex} (which must be the channel's next index), and
     * moves the channel on to {@code nextIndex}, in one transaction. The message stays {@link #unconsumed}
     * until {@link #markConsumed}.
     *
     * @param channel the read channel
     * @param boxIndex the box it was read from: the channel's current next index
     * @param nextIndex the channel's next index from now on (after the message's last box)
     * @param payload the message (secret; empty for a tombstone); copied
     * @return the stored message
     * @throws NullPointerException if {@code payload} is null
     * @throws StoreException if the channel is missing, its next index is not {@code boxIndex} (another reader
     *     moved it), or the database fails
     */
    public ReceivedMessage recordReceived(String channel, MessageBoxIndex boxIndex, MessageBoxIndex nextIndex,
            byte[] payload) {
        Objects.requireNonNull(boxIndex, "boxIndex");
        Objects.requireNonNull(nextIndex, "nextIndex");
        Objects.requireNonNull(payload, "payload");
        return tx(() -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "UPDATE read_channel SET next_index = ? WHERE name = ? AND next_index = ?")) {
                ps.setBytes(1, nextIndex.toBytes());
                ps.setString(2, channel);
                ps.setBytes(3, boxIndex.toBytes());
                if (ps.executeUpdate() != 1) {
                    throw new StoreException("read channel \"" + channel + "\" is missing or moved on meanwhile"
                            + " (another reader?)");
                }
            }
            long id;
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO received"
                    + " (channel, box_index, payload, consumed, received_at) VALUES (?,?,?,0,?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, channel);
                ps.setBytes(2, boxIndex.toBytes());
                ps.setBytes(3, payload);
                ps.setLong(4, System.currentTimeMillis());
                ps.executeUpdate();
                id = generatedId(ps);
            }
            return new ReceivedMessage(id, channel, boxIndex, payload, false);
        });
    }

    /**
     * Stored messages of {@code channel} the application has not consumed.
     *
     * @param channel the read channel
     * @return the messages with their payloads, oldest first; empty if none (or no such channel)
     * @throws StoreException if the database fails
     */
    public List<ReceivedMessage> unconsumed(String channel) {
        return read(() -> {
            List<ReceivedMessage> out = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT id, box_index, payload FROM received"
                    + " WHERE channel = ? AND consumed = 0 ORDER BY id")) {
                ps.setString(1, channel);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ReceivedMessage(rs.getLong(1), channel, Rows.index(rs.getBytes(2)), rs.getBytes(3),
                                false));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Marks messages consumed, in one transaction, and drops their payloads unless their channel keeps its
     * history ({@link #setKeepHistory}).
     *
     * @param ids the ids of {@link ReceivedMessage}s; unknown ids are ignored, and consuming a message
     *     again is harmless
     * @throws StoreException if the database fails (then none is marked)
     * @throws NullPointerException if {@code ids} is or holds null (then none is marked)
     */
    public void markConsumed(Collection<Long> ids) {
        for (Long id : Objects.requireNonNull(ids, "ids")) {
            Objects.requireNonNull(id, "a message id");
        }
        tx(() -> {
            try (PreparedStatement ps = conn.prepareStatement("UPDATE received SET consumed = 1, consumed_at = ?,"
                    + " payload = CASE WHEN (SELECT keep_history FROM read_channel r WHERE r.name = received.channel)"
                    + " = 1 THEN payload ELSE NULL END WHERE id = ?")) {
                long now = System.currentTimeMillis();
                for (long id : ids) {
                    ps.setLong(1, now);
                    ps.setLong(2, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /**
     * How many messages of {@code channel} were stored (consumed or not).
     *
     * @param channel the read channel
     * @return the number of messages; 0 for an unknown channel
     * @throws StoreException if the database fails
     */
    public long receivedCount(String channel) {
        return read(() -> count("SELECT COUNT(*) FROM received WHERE channel = ?", channel));
    }

    // ------------------------------------------------------------------ deleting, history

    /**
     * Deletes the write channel {@code name} with everything stored for it (pending messages, transfers), in one
     * transaction. Boxes already written stay on the replicas (tombstone them first if they must go).
     *
     * @param name the channel name
     * @return whether there was such a channel
     * @throws IllegalArgumentException if {@code name} is null or blank
     * @throws StoreException if the database fails (then nothing is deleted)
     */
    public boolean deleteWriteChannel(String name) {
        requireName(name);
        return tx(() -> {
            exec("DELETE FROM copy_element WHERE transfer_id IN (SELECT id FROM transfer WHERE channel = ?)", name);
            exec("DELETE FROM outgoing WHERE channel = ?", name);
            exec("DELETE FROM transfer WHERE channel = ?", name);
            return exec("DELETE FROM write_channel WHERE name = ?", name) > 0;
        });
    }

    /**
     * Deletes the read channel {@code name} with every message stored for it, in one transaction.
     *
     * @param name the channel name
     * @return whether there was such a channel
     * @throws IllegalArgumentException if {@code name} is null or blank
     * @throws StoreException if the database fails (then nothing is deleted)
     */
    public boolean deleteReadChannel(String name) {
        requireName(name);
        return tx(() -> {
            exec("DELETE FROM received WHERE channel = ?", name);
            return exec("DELETE FROM read_channel WHERE name = ?", name) > 0;
        });
    }

    /**
     * Sets whether the read channel {@code name} keeps the payloads of consumed messages, so that
     * {@link #allReceived} returns them (off by default: payloads are dropped once consumed).
     *
     * @param name the read channel
     * @param keep true to keep payloads of messages consumed from now on
     * @throws StoreException if there is no such read channel, or the database fails
     */
    public void setKeepHistory(String name, boolean keep) {
        tx(() -> {
            try (PreparedStatement ps = conn.prepareStatement("UPDATE read_channel SET keep_history = ? WHERE name = ?")) {
                ps.setInt(1, keep ? 1 : 0);
                ps.setString(2, name);
                if (ps.executeUpdate() != 1) {
                    throw new StoreException("no read channel \"" + name + "\"");
                }
            }
            return null;
        });
    }

    /**
     * Every message stored for {@code channel}, consumed or not, in the order they were read. Consumed messages
     * carry their payload only if the channel keeps its history ({@link #setKeepHistory}), else a null payload.
     *
     * @param channel the read channel
     * @return the messages, oldest first
     */
    public List<ReceivedMessage> allReceived(String channel) {
        return read(() -> {
            List<ReceivedMessage> out = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT id, box_index, payload, consumed FROM received"
                    + " WHERE channel = ? ORDER BY id")) {
                ps.setString(1, channel);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ReceivedMessage(rs.getLong(1), channel, Rows.index(rs.getBytes(2)), rs.getBytes(3),
                                rs.getInt(4) != 0));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Takes the {@code boxIndices.size()} boxes from the channel's next index on, one per payload, and moves
     * the channel on to {@code nextIndex}, in one transaction (a tombstone range is queued like this).
     *
     * @param channel the write channel
     * @param boxIndices consecutive box indices, the first being the channel's next index
     * @param nextIndex the index after the last of them
     * @param payloads one payload per box (empty: a tombstone)
     * @return the queued messages, in box order
     * @throws IllegalArgumentException if there is no box, or not one payload per box
     * @throws NullPointerException if a payload is null (a tombstone is an empty payload, never a missing one)
     * @throws StoreException if the channel is missing or its next index is not {@code boxIndices.get(0)}
     */
    public List<OutgoingMessage> enqueueAll(String channel, List<MessageBoxIndex> boxIndices, MessageBoxIndex nextIndex,
            List<byte[]> payloads) {
        if (boxIndices.isEmpty() || boxIndices.size() != payloads.size()) {
            throw new IllegalArgumentException("one payload per box, at least one box");
        }
        for (int i = 0; i < payloads.size(); i++) {
            Objects.requireNonNull(payloads.get(i), "payloads[" + i + "]");
        }
        return tx(() -> {
            advanceWrite(channel, boxIndices.get(0), nextIndex);
            List<OutgoingMessage> out = new ArrayList<>(boxIndices.size());
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO outgoing"
                    + " (channel, box_index, payload, sent, created_at) VALUES (?,?,?,0,?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                for (int i = 0; i < boxIndices.size(); i++) {
                    ps.setString(1, channel);
                    ps.setBytes(2, boxIndices.get(i).toBytes());
                    ps.setBytes(3, payloads.get(i));
                    ps.setLong(4, System.currentTimeMillis());
                    ps.executeUpdate();
                    out.add(new OutgoingMessage(generatedId(ps), channel, boxIndices.get(i),
                            payloads.get(i), false, 0));
                }
            }
            return out;
        });
    }

    // ------------------------------------------------------------------ application records

    /**
     * Stores {@code value} under ({@code namespace}, {@code key}), replacing what was there, in one transaction.
     * Libraries on top of the store (group channels) keep their own small records here, next to the channels
     * they describe. The value may be secret: it is never logged.
     *
     * @param namespace who owns the record, e.g. {@code "group:team"}
     * @param key the record's key within the namespace
     * @param value the bytes to store
     */
    public void putRecord(String namespace, String key, byte[] value) {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        tx(() -> {
            try (PreparedStatement ps = conn.prepareStatement("INSERT OR REPLACE INTO app_record"
                    + " (namespace, key, value, updated_at) VALUES (?,?,?,?)")) {
                ps.setString(1, namespace);
                ps.setString(2, key);
                ps.setBytes(3, value);
                ps.setLong(4, System.currentTimeMillis());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * The record stored under ({@code namespace}, {@code key}).
     *
     * @param namespace the namespace
     * @param key the key
     * @return its value, or empty
     */
    public Optional<byte[]> record(String namespace, String key) {
        return read(() -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT value FROM app_record WHERE namespace = ? AND key = ?")) {
                ps.setString(1, namespace);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<byte[]>empty();
                    }
                    byte[] v = rs.getBytes(1);
                    return Optional.of(v == null ? new byte[0] : v);
                }
            }
        });
    }

    /**
     * The keys of {@code namespace}, sorted.
     *
     * @param namespace the namespace
     * @return its keys
     */
    public List<String> recordKeys(String namespace) {
        return read(() -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT key FROM app_record WHERE namespace = ? ORDER BY key")) {
                ps.setString(1, namespace);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    /**
     * The namespaces that start with {@code prefix}, sorted.
     *
     * @param prefix e.g. {@code "group:"}
     * @return the namespaces holding at least one record
     * @throws NullPointerException if {@code prefix} is null
     * @throws StoreException if the database fails
     */
    public List<String> recordNamespaces(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return read(() -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT DISTINCT namespace FROM app_record"
                    + " WHERE substr(namespace, 1, ?) = ? ORDER BY namespace")) {
                ps.setInt(1, prefix.length());
                ps.setString(2, prefix);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Deletes one record, or with a null {@code key} every record of {@code namespace}.
     *
     * @param namespace the namespace
     * @param key the key, or null for all
     * @return how many records were deleted
     */
    public int deleteRecord(String namespace, String key) {
        return tx(() -> key == null ? exec("DELETE FROM app_record WHERE namespace = ?", namespace)
                : exec("DELETE FROM app_record WHERE namespace = ? AND key = ?", namespace, key));
    }

    // ------------------------------------------------------------------ plumbing

    private long count(String sql, String arg) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    static long generatedId(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("no row id returned");
            }
            return keys.getLong(1);
        }
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("channel name must not be empty");
        }
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} in one write transaction ({@code BEGIN IMMEDIATE}: the write lock is taken up front, so
     * two processes never deadlock on an upgrade); rolls back on any failure. Between transactions the
     * connection holds no lock, so a process killed there leaves the file free for the next one.
     */
    <T> T tx(SqlWork<T> work) {
        synchronized (lock) {
            try {
                exec("BEGIN IMMEDIATE");
            } catch (SQLException e) {
                throw new StoreException("channel store " + file + ": " + e.getMessage(), e);
            }
            try {
                T result = work.run();
                exec("COMMIT");
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    exec("ROLLBACK");
                } catch (SQLException re) {
                    e.addSuppressed(re);
                }
                if (e instanceof RuntimeException re) {
                    throw re;
                }
                throw new StoreException("channel store " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private void exec(String sql) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute(sql);
        }
    }

    /** Runs one parameterised update; returns the number of rows changed. */
    int exec(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }

    long countLong(String sql, long arg) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setLong(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Runs {@code work} outside any explicit transaction (each statement is atomic on its own). */
    <T> T read(SqlWork<T> work) {
        synchronized (lock) {
            try {
                return work.run();
            } catch (SQLException e) {
                throw new StoreException("channel store " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Test hook: whether the database file exists. */
    boolean exists() {
        return Files.exists(file);
    }
}
