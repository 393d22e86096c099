package org.katzenpost.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.katzenpost.thin.pigeonhole.CopyStreamBuffer;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.ReadCap;
import org.katzenpost.thin.pigeonhole.WriteCap;

class ChannelStoreTest {
    @TempDir
    Path tmp;

    /** A box index whose bytes are all {@code n} (its counter is irrelevant to the store). */
    static MessageBoxIndex idx(int n) {
        return MessageBoxIndex.of(filled(MessageBoxIndex.LENGTH, n));
    }

    static WriteCap wcap(int n) {
        return WriteCap.of(filled(WriteCap.LENGTH, n));
    }

    static ReadCap rcap(int n) {
        return ReadCap.of(filled(ReadCap.LENGTH, n));
    }

    private static byte[] filled(int length, int n) {
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) n);
        return b;
    }

    @Test
    void createsOwnerOnlyFileInOwnerOnlyFolders() throws Exception {
        Path db = tmp.resolve("a/b/katzen.db");
        try (ChannelStore s = ChannelStore.open(db)) {
            s.addWriteChannel("c", wcap(1), null, idx(0));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("a")))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("a/b")))).isEqualTo("rwx------");
    }

    @Test
    void schemaVersionIsTheNumberOfMigrations() {
        assertThat(Schema.VERSION).isEqualTo(Schema.MIGRATIONS.size());
        assertThat(ChannelStore.SCHEMA_VERSION).isEqualTo(Schema.VERSION);
    }

    @Test
    void journalFilesAreOwnerOnlyToo() throws Exception {
        Path db = tmp.resolve("j.db");
        try (ChannelStore s = ChannelStore.open(db)) {
            s.addWriteChannel("c", wcap(1), null, idx(0));
            for (String suffix : List.of("-wal", "-shm")) {
                Path p = tmp.resolve("j.db" + suffix);
                if (Files.exists(p)) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).isEqualTo("rw-------");
                }
            }
        }
    }

    @Test
    void tightensAnExistingLooseFile() throws Exception {
        Path db = tmp.resolve("loose.db");
        Files.createFile(db, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        ChannelStore.open(db).close();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rw-------");
    }

    @Test
    void schemaIsVersionedAndSurvivesReopen() {
        Path db = tmp.resolve("v.db");
        try (ChannelStore s = ChannelStore.open(db)) {
            assertThat(s.schemaVersion()).isEqualTo(ChannelStore.SCHEMA_VERSION);
            s.addReadChannel("r", rcap(7), idx(3));
        }
        try (ChannelStore s = ChannelStore.open(db)) {
            assertThat(s.schemaVersion()).isEqualTo(ChannelStore.SCHEMA_VERSION);
            assertThat(s.readChannel("r")).get().extracting(ReadChannel::nextIndex).isEqualTo(idx(3));
        }
    }

    @Test
    void refusesANewerSchema() throws Exception {
        Path db = tmp.resolve("new.db");
        ChannelStore.open(db).close();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            st.execute("PRAGMA user_version = " + (ChannelStore.SCHEMA_VERSION + 1));
        }
        assertThatThrownBy(() -> ChannelStore.open(db)).isInstanceOf(StoreException.class)
                .hasMessageContaining("newer than this program understands");
    }

    @Test
    void enqueueTakesTheBoxAndAdvancesTheChannelAtomically() {
        try (ChannelStore s = ChannelStore.open(tmp.resolve("q.db"))) {
            s.addWriteChannel("w", wcap(1), null, idx(10));
            OutgoingMessage m = s.enqueue("w", idx(10), idx(11), new byte[] {42}, 0, 0);
            assertThat(s.writeChannel("w").get().nextIndex()).isEqualTo(idx(11));
            assertThat(s.pending("w")).extracting(OutgoingMessage::id).containsExactly(m.id());
            // a stale index (someone else moved on) is refused and changes nothing
            assertThatThrownBy(() -> s.enqueue("w", idx(10), idx(11), new byte[] {43}, 0, 0))
                    .isInstanceOf(StoreException.class);
            assertThat(s.pending("w")).hasSize(1);
            s.markSent(m.id());
            assertThat(s.pending("w")).isEmpty();
            assertThat(s.sentCount("w")).isEqualTo(1);
        }
    }

    @Test
    void aNullPayloadInABatchIsRefusedAndNothingIsQueued() {
        try (ChannelStore s = ChannelStore.open(tmp.resolve("batch.db"))) {
            s.addWriteChannel("w", wcap(1), null, idx(10));
            // a null is not a tombstone (an empty payload is): queueing it would later overwrite the box with one
            assertThatThrownBy(() -> s.enqueueAll("w", java.util.List.of(idx(10), idx(11)), idx(12),
                    java.util.Arrays.asList(new byte[] {1}, null)))
                    .isInstanceOf(NullPointerException.class).hasMessage("payloads[1]");
            assertThat(s.pending("w")).isEmpty();
            assertThat(s.writeChannel("w").get().nextIndex()).isEqualTo(idx(10));
            assertThat(s.enqueueAll("w", java.util.List.of(idx(10), idx(11)), idx(12),
                    java.util.List.of(new byte[] {1}, new byte[0]))).hasSize(2);
        }
    }

    @Test
    void receivedBoxIsStoredOnceAndPayloadDroppedWhenConsumed() {
        try (ChannelStore s = ChannelStore.open(tmp.resolve("r.db"))) {
            s.addReadChannel("r", rcap(1), idx(5));
            ReceivedMessage m = s.recordReceived("r", idx(5), idx(6), new byte[] {9});
            assertThatThrownBy(() -> s.recordReceived("r", idx(5), idx(6), new byte[] {9}))
                    .isInstanceOf(StoreException.class);
            assertThat(s.unconsumed("r")).hasSize(1);
            s.markConsumed(List.of(m.id()));
            assertThat(s.unconsumed("r")).isEmpty();
            assertThat(s.receivedCount("r")).isEqualTo(1);
        }
    }

    @Test
    void sameNameDifferentCapIsRefused() {
        try (ChannelStore s = ChannelStore.open(tmp.resolve("n.db"))) {
            s.addWriteChannel("w", wcap(1), null, idx(0));
            assertThat(s.addWriteChannel("w", wcap(1), null, idx(0))).isNotNull();
            assertThatThrownBy(() -> s.addWriteChannel("w", wcap(2), null, idx(0)))
                    .isInstanceOf(StoreException.class);
        }
    }

    @Test
    void toStringsHideSecrets() {
        WriteChannel w = new WriteChannel("n", wcap(0x5a), rcap(0x5b), idx(0), idx(0), ChannelFormat.FRAMED);
        assertThat(w.toString()).doesNotContain("5a5a").doesNotContain("90, 90").contains(WriteCap.LENGTH + " bytes");
    }

    @Test
    void capsAndIndicesAreStoredAsTheirWireBytes() throws Exception {
        // files written before the typed API hold the raw bytes: the typed values must read and write the same
        Path db = tmp.resolve("raw.db");
        try (ChannelStore s = ChannelStore.open(db)) {
            s.addWriteChannel("w", wcap(1), rcap(2), idx(3));
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement();
                var rs = st.executeQuery("SELECT write_cap, read_cap, first_index, next_index FROM write_channel")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBytes(1)).isEqualTo(wcap(1).toBytes());
            assertThat(rs.getBytes(2)).isEqualTo(rcap(2).toBytes());
            assertThat(rs.getBytes(3)).isEqualTo(idx(3).toBytes());
            assertThat(rs.getBytes(4)).isEqualTo(idx(3).toBytes());
            st.execute("UPDATE write_channel SET next_index = X'" + "07".repeat(MessageBoxIndex.LENGTH) + "'");
        }
        try (ChannelStore s = ChannelStore.open(db)) {
            WriteChannel w = s.writeChannel("w").orElseThrow();
            assertThat(w.writeCap()).isEqualTo(wcap(1));
            assertThat(w.readCap()).isEqualTo(rcap(2));
            assertThat(w.nextIndex()).isEqualTo(idx(7));
        }
    }

    @Test
    void aVersionOneStoreIsMigratedWithItsDataKept() throws Exception {
        Path db = tmp.resolve("v1.db");
        try (ChannelStore s = ChannelStore.open(db)) {
            s.addReadChannel("r", rcap(7), idx(3));
            s.recordReceived("r", idx(3), idx(4), new byte[] {42});
        }
        // take the file back to schema version 1, as the previous release left it
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            st.execute("DROP TABLE copy_element");
            st.execute(V1_COPY_ELEMENT);
            st.execute("DROP TABLE copy_stream");
            st.execute("DROP TABLE app_record");
            st.execute("ALTER TABLE read_channel DROP COLUMN keep_history");
            st.execute("ALTER TABLE transfer DROP COLUMN copy_buffer");
            st.execute("ALTER TABLE write_channel DROP COLUMN format");
            st.execute("ALTER TABLE read_channel DROP COLUMN format");
            st.execute("PRAGMA user_version = 1");
        }
        try (ChannelStore s = ChannelStore.open(db)) {
            assertThat(s.schemaVersion()).isEqualTo(ChannelStore.SCHEMA_VERSION).isEqualTo(5);
            assertThat(s.readChannel("r")).get().extracting(ReadChannel::format)
                    .as("a channel stored before keeps one message per box").isEqualTo(ChannelFormat.BOXES);
            assertThat(s.addReadChannel("new", rcap(8), idx(0)).format()).isEqualTo(ChannelFormat.FRAMED);
            assertThat(s.unconsumed("r")).singleElement().extracting(ReceivedMessage::payload)
                    .isEqualTo(new byte[] {42});
            s.setKeepHistory("r", true);
            s.markConsumed(List.of(s.unconsumed("r").get(0).id()));
            assertThat(s.allReceived("r")).singleElement().extracting(ReceivedMessage::payload)
                    .isEqualTo(new byte[] {42});
        }
    }

    /** {@code copy_element} as schema versions 1 to 4 had it. */
    private static final String V1_COPY_ELEMENT = """
            CREATE TABLE copy_element (
                transfer_id INTEGER NOT NULL REFERENCES transfer(id),
                seq         INTEGER NOT NULL,
                temp_index  BLOB NOT NULL,
                element     BLOB,
                written     INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (transfer_id, seq)
            )""";

    @Test
    void aVersionFourStoreKeepsTheElementsOfTransfersAndCopyStreamsInOneTable() throws Exception {
        Path db = tmp.resolve("v4.db");
        long transfer;
        long stream;
        try (ChannelStore s = ChannelStore.open(db)) {
            s.addWriteChannel("w", wcap(1), null, idx(0), ChannelFormat.BOXES);
            transfer = s.transfers().beginChunkedCopyTransfer("w", "file", null, 10, 10, idx(0), idx(2), wcap(9),
                    List.of(idx(20), idx(21)), List.of(new byte[] {30}, new byte[] {31}), CopyStreamBuffer.EMPTY).id();
            s.transfers().markElementWritten(transfer, 0);
            stream = s.copyStreams().beginCopyStream("s", wcap(8), idx(40)).id();
            s.copyStreams().stageCopyElements(stream, idx(40), idx(41), List.of(idx(40)),
                    List.of(new byte[] {50}), CopyStreamBuffer.EMPTY, 1, true, List.of());
        }
        // take the file back to schema version 4: the two element tables it had
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            st.execute("ALTER TABLE copy_element RENAME TO v5");
            st.execute(V1_COPY_ELEMENT);
            st.execute("""
                    CREATE TABLE copy_stream_element (
                        stream_id   INTEGER NOT NULL REFERENCES copy_stream(id),
                        seq         INTEGER NOT NULL,
                        temp_index  BLOB NOT NULL,
                        element     BLOB,
                        written     INTEGER NOT NULL DEFAULT 0,
                        PRIMARY KEY (stream_id, seq)
                    )""");
            st.execute("INSERT INTO copy_element SELECT transfer_id, seq, temp_index, element, written FROM v5"
                    + " WHERE transfer_id IS NOT NULL");
            st.execute("INSERT INTO copy_stream_element SELECT stream_id, seq, temp_index, element, written FROM v5"
                    + " WHERE stream_id IS NOT NULL");
            st.execute("DROP TABLE v5");
            st.execute("PRAGMA user_version = 4");
        }
        try (ChannelStore s = ChannelStore.open(db)) {
            assertThat(s.schemaVersion()).isEqualTo(5);
            assertThat(s.transfers().copyElements(transfer)).extracting(CopyElement::seq, e -> e.element()[0], CopyElement::written)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(0, (byte) 30, true),
                            org.assertj.core.groups.Tuple.tuple(1, (byte) 31, false));
            assertThat(s.copyStreams().copyStreamElements(stream)).singleElement().satisfies(e -> {
                assertThat(e.tempIndex()).isEqualTo(idx(40));
                assertThat(e.element()).isEqualTo(new byte[] {50});
            });
            s.copyStreams().markCopyStreamElementWritten(stream, 0);
            assertThat(s.copyStreams().copyStreamElements(stream).get(0).written()).isTrue();
            assertThat(s.transfers().copyElements(transfer).get(1).written()).as("the transfer's rows are not the stream's")
                    .isFalse();
        }
    }

    @Test
    void offlineChannelsServeTheStoreAndRefuseDaemonCalls() {
        try (ChannelStore s = ChannelStore.open(tmp.resolve("off.db"))) {
            s.addReadChannel("r", rcap(1), idx(5), ChannelFormat.BOXES);
            s.addWriteChannel("w", wcap(2), null, idx(0), ChannelFormat.BOXES);
            s.recordReceived("r", idx(5), idx(6), new byte[] {9});
            PersistentChannels ch = PersistentChannels.offline(s);
            ReceivedMessage m = ch.next("r"); // stored and not consumed: no daemon needed
            assertThat(m.payload()).isEqualTo(new byte[] {9});
            ch.consumed(m);
            assertThat(ch.allMessages("r")).singleElement().extracting(ReceivedMessage::consumed).isEqualTo(true);
            assertThat(ch.maxMessageLength("w")).isZero();
            assertThatThrownBy(() -> ch.next("r")).isInstanceOf(StoreException.class).hasMessageContaining("offline");
            assertThatThrownBy(() -> ch.send("w", new byte[] {1})).isInstanceOf(StoreException.class);
            assertThatThrownBy(ch::newKeypair).isInstanceOf(StoreException.class);
            assertThatThrownBy(ch::pigeonhole).isInstanceOf(StoreException.class);
            assertThat(s.writeChannel("w").orElseThrow().nextIndex()).as("nothing moved").isEqualTo(idx(0));
            assertThat(ch.deleteChannel("w")).isTrue();
        }
    }

    @Test
    void applicationRecordsAreStoredReplacedListedAndDeleted() {
        try (ChannelStore s = ChannelStore.open(tmp.resolve("rec.db"))) {
            s.putRecord("group:a", "self", new byte[] {1});
            s.putRecord("group:a", "member:x", new byte[] {2});
            s.putRecord("group:b", "self", new byte[] {3});
            s.putRecord("other", "k", new byte[] {4});
            s.putRecord("group:a", "self", new byte[] {9});
            assertThat(s.record("group:a", "self")).get().isEqualTo(new byte[] {9});
            assertThat(s.recordKeys("group:a")).containsExactly("member:x", "self");
            assertThat(s.recordNamespaces("group:")).containsExactly("group:a", "group:b");
            assertThat(s.deleteRecord("group:a", "member:x")).isEqualTo(1);
            assertThat(s.deleteRecord("group:b", null)).isEqualTo(1);
            assertThat(s.recordNamespaces("group:")).containsExactly("group:a");
            assertThat(s.record("group:b", "self")).isEmpty();
        }
    }
}
