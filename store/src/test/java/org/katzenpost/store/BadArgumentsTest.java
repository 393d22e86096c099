package org.katzenpost.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.thin.ThinClient;

/**
 * Arguments a transfer or a read cannot work with are refused at the call, before anything is stored or
 * allocated: a transfer begun with them would block its channel until abandoned, a huge count would exhaust memory.
 */
class BadArgumentsTest {
    @TempDir
    Path tmp;

    KpclientdSimulator sim;
    ThinClient client;
    ChannelStore store;
    PersistentChannels channels;

    @BeforeEach
    void start() {
        sim = KpclientdSimulator.builder().start();
        client = ThinClient.connect(sim.thinClientConfigBuilder().requestTimeout(Duration.ofSeconds(10)).build());
        store = ChannelStore.open(tmp.resolve("s.db"));
        channels = new PersistentChannels(store, client.pigeonhole());
        channels.createWriteChannel("c");
    }

    @AfterEach
    void stop() {
        store.close();
        client.close();
        sim.close();
    }

    private static PersistentChannels.Source bytes(byte[] b) {
        return offset -> new ByteArrayInputStream(b, (int) offset, b.length - (int) offset);
    }

    @Test
    void aDirectTransferWithBadArgumentsStoresNothing() {
        byte[] data = new byte[10];
        PersistentChannels.Progress none = PersistentChannels.Progress.NONE;
        byte[] hugePrefix = new byte[client.pigeonhole().maxPlaintextPayloadLength()];
        assertThatThrownBy(() -> channels.sendDirect("c", "f", hugePrefix, 10, null, bytes(data), none))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no room");
        assertThatThrownBy(() -> channels.sendDirect("c", "f", null, -5, null, bytes(data), none))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> channels.sendDirect("c", "f", null, 10, null, null, none))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("source");
        assertThatThrownBy(() -> channels.sendDirect("c", "f", null, 10, null, bytes(data), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("progress");
        assertThatThrownBy(() -> PersistentChannels.offline(store)
                .sendDirect("c", "f", null, 10, null, bytes(data), none)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> channels.sendCopy("c", "f", data, null, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("progress");
        assertThat(channels.unfinishedTransfer("c")).as("no transfer left to block the channel").isEmpty();

        // and the channel still sends
        assertThat(channels.sendDirect("c", "f", null, 10, null, bytes(data), none).state())
                .isEqualTo(Transfer.State.DONE);
    }

    @Test
    void countsBeyondTheLimitAreRefusedBeforeAnythingIsAllocated() {
        WriteChannel w = store.writeChannel("c").orElseThrow();
        store.addReadChannel("r", w.readCap(), w.firstIndex());
        assertThatThrownBy(() -> channels.readNext("r", Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> channels.readNext("r", PersistentChannels.MAX_BOXES_PER_CALL + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> channels.tombstoneRange("c", Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A row changed behind the store's back is reported as the store's failure, not as a bad argument. */
    @Test
    void aCorruptRowIsAStoreException() throws Exception {
        WriteChannel w = store.writeChannel("c").orElseThrow();
        store.addReadChannel("r", w.readCap(), w.firstIndex());
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("s.db"));
                java.sql.Statement st = db.createStatement()) {
            st.executeUpdate("UPDATE write_channel SET format = 'NOPE' WHERE name = 'c'");
            st.executeUpdate("UPDATE read_channel SET read_cap = x'0102' WHERE name = 'r'");
        }
        assertThatThrownBy(() -> store.writeChannel("c")).isInstanceOf(StoreException.class)
                .hasMessageContaining("format");
        assertThatThrownBy(() -> store.readChannel("r")).isInstanceOf(StoreException.class)
                .hasMessageContaining("read cap of 2 bytes");
    }
}
