package org.katzenpost.store;

import java.util.List;

/**
 * The SQLite schema of a {@link ChannelStore}, as the migrations that build it: a file at version {@code v}
 * ({@code PRAGMA user_version}) is brought up to date by running migrations {@code v}, {@code v + 1}, ... in
 * order, each in its own transaction, on open.
 */
final class Schema {
    private Schema() {}

    /** Migration {@code i} takes the schema from version {@code i} to {@code i + 1}. */
    static final List<String[]> MIGRATIONS = List.<String[]>of(
            new String[] {
                """
                CREATE TABLE write_channel (
                    name        TEXT PRIMARY KEY,
                    write_cap   BLOB NOT NULL,
                    read_cap    BLOB,
                    first_index BLOB NOT NULL,
                    next_index  BLOB NOT NULL,
                    created_at  INTEGER NOT NULL
                )""",
                """
                CREATE TABLE read_channel (
                    name        TEXT PRIMARY KEY,
                    read_cap    BLOB NOT NULL,
                    first_index BLOB NOT NULL,
                    next_index  BLOB NOT NULL,
                    created_at  INTEGER NOT NULL
                )""",
                """
                CREATE TABLE transfer (
                    id               INTEGER PRIMARY KEY AUTOINCREMENT,
                    channel          TEXT NOT NULL REFERENCES write_channel(name),
                    kind             TEXT NOT NULL,
                    state            TEXT NOT NULL,
                    label            TEXT,
                    sha256           BLOB,
                    size             INTEGER NOT NULL,
                    offset           INTEGER NOT NULL,
                    dest_start_index BLOB NOT NULL,
                    dest_next_index  BLOB,
                    temp_write_cap   BLOB,
                    created_at       INTEGER NOT NULL,
                    finished_at      INTEGER
                )""",
                """
                CREATE TABLE outgoing (
                    id          INTEGER PRIMARY KEY AUTOINCREMENT,
                    channel     TEXT NOT NULL REFERENCES write_channel(name),
                    box_index   BLOB NOT NULL,
                    payload     BLOB,
                    sent        INTEGER NOT NULL DEFAULT 0,
                    transfer_id INTEGER REFERENCES transfer(id),
                    created_at  INTEGER NOT NULL,
                    sent_at     INTEGER,
                    UNIQUE (channel, box_index)
                )""",
                """
                CREATE TABLE received (
                    id          INTEGER PRIMARY KEY AUTOINCREMENT,
                    channel     TEXT NOT NULL REFERENCES read_channel(name),
                    box_index   BLOB NOT NULL,
                    payload     BLOB,
                    consumed    INTEGER NOT NULL DEFAULT 0,
                    received_at INTEGER NOT NULL,
                    consumed_at INTEGER,
                    UNIQUE (channel, box_index)
                )""",
                """
                CREATE TABLE copy_element (
                    transfer_id INTEGER NOT NULL REFERENCES transfer(id),
                    seq         INTEGER NOT NULL,
                    temp_index  BLOB NOT NULL,
                    element     BLOB,
                    written     INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (transfer_id, seq)
                )""",
                "CREATE INDEX outgoing_pending ON outgoing (channel, sent, id)",
                "CREATE INDEX received_unconsumed ON received (channel, consumed, id)",
                "CREATE INDEX transfer_open ON transfer (channel, state)",
            },
            new String[] {
                // 1 -> 2: message history, copy streams over several destinations, application records
                "ALTER TABLE read_channel ADD COLUMN keep_history INTEGER NOT NULL DEFAULT 0",
                """
                CREATE TABLE copy_stream (
                    id               INTEGER PRIMARY KEY AUTOINCREMENT,
                    label            TEXT,
                    state            TEXT NOT NULL,
                    temp_write_cap   BLOB,
                    temp_next_index  BLOB NOT NULL,
                    buffer           BLOB,
                    payloads         INTEGER NOT NULL DEFAULT 0,
                    last_added       INTEGER NOT NULL DEFAULT 0,
                    created_at       INTEGER NOT NULL,
                    finished_at      INTEGER
                )""",
                """
                CREATE TABLE copy_stream_element (
                    stream_id   INTEGER NOT NULL REFERENCES copy_stream(id),
                    seq         INTEGER NOT NULL,
                    temp_index  BLOB NOT NULL,
                    element     BLOB,
                    written     INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (stream_id, seq)
                )""",
                """
                CREATE TABLE app_record (
                    namespace   TEXT NOT NULL,
                    key         TEXT NOT NULL,
                    value       BLOB NOT NULL,
                    updated_at  INTEGER NOT NULL,
                    PRIMARY KEY (namespace, key)
                )""",
            },
            // 2 -> 3: chunked copy transfers keep the copy-stream encoder's residue between chunks
            new String[] {"ALTER TABLE transfer ADD COLUMN copy_buffer BLOB"},
            // 3 -> 4: the channel format; channels stored before keep theirs (one message per box)
            new String[] {
                "ALTER TABLE write_channel ADD COLUMN format TEXT NOT NULL DEFAULT 'BOXES'",
                "ALTER TABLE read_channel ADD COLUMN format TEXT NOT NULL DEFAULT 'BOXES'",
            },
            // 4 -> 5: one table of copy-stream elements, owned by a copy transfer or a multi-destination copy
            // stream (it was two tables of the same columns); every row is kept
            new String[] {
                """
                CREATE TABLE copy_element_v5 (
                    transfer_id INTEGER REFERENCES transfer(id),
                    stream_id   INTEGER REFERENCES copy_stream(id),
                    seq         INTEGER NOT NULL,
                    temp_index  BLOB NOT NULL,
                    element     BLOB,
                    written     INTEGER NOT NULL DEFAULT 0,
                    CHECK ((transfer_id IS NULL) <> (stream_id IS NULL)),
                    UNIQUE (transfer_id, seq),
                    UNIQUE (stream_id, seq)
                )""",
                "INSERT INTO copy_element_v5 (transfer_id, seq, temp_index, element, written)"
                        + " SELECT transfer_id, seq, temp_index, element, written FROM copy_element",
                "INSERT INTO copy_element_v5 (stream_id, seq, temp_index, element, written)"
                        + " SELECT stream_id, seq, temp_index, element, written FROM copy_stream_element",
                "DROP TABLE copy_element",
                "DROP TABLE copy_stream_element",
                "ALTER TABLE copy_element_v5 RENAME TO copy_element",
            });

    /**
     * The schema version this code writes: the number of {@link #MIGRATIONS}. A literal, so that
     * {@link ChannelStore#SCHEMA_VERSION} is a compile-time constant its Javadoc can show; a test checks it
     * against the list (add a migration, raise it).
     */
    static final int VERSION = 5;
}
