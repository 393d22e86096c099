package org.katzenpost.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.katzenpost.store.ChannelStoreTest.idx;
import static org.katzenpost.store.ChannelStoreTest.wcap;

import org.junit.jupiter.api.Test;

/** The store's records with a {@code byte[]} component: copied in and out, compared by content, printed without it. */
class StoreRecordsTest {
    /** Printed as decimal ("94"), hex ("5e5e") or Base64 ("Xl5e"): none of these may appear in a toString. */
    private static final byte[] SECRET = {0x5e, 0x5e, 0x5e};

    @Test
    void receivedMessageComparesPayloadByContentAndCopiesIt() {
        byte[] in = SECRET.clone();
        ReceivedMessage m = new ReceivedMessage(1, "r", idx(1), in, false);
        ReceivedMessage same = new ReceivedMessage(1, "r", idx(1), SECRET.clone(), false);
        assertThat(m).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(m).isNotEqualTo(new ReceivedMessage(1, "r", idx(1), new byte[] {1}, false));

        in[0] = 0;
        m.payload()[1] = 0;
        assertThat(m.payload()).isEqualTo(SECRET).isNotSameAs(m.payload());
        assertThat(m).isEqualTo(same);
        assertThat(m.toString()).doesNotContain("94", "5e5e", "5E5E", "Xl5e", "[B@");
    }

    @Test
    void outgoingMessageComparesPayloadByContentAndCopiesIt() {
        byte[] in = SECRET.clone();
        OutgoingMessage m = new OutgoingMessage(2, "w", idx(2), in, false, 7);
        OutgoingMessage same = new OutgoingMessage(2, "w", idx(2), SECRET.clone(), false, 7);
        assertThat(m).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(m).isNotEqualTo(new OutgoingMessage(2, "w", idx(2), new byte[] {1}, false, 7));

        in[0] = 0;
        m.payload()[1] = 0;
        assertThat(m.payload()).isEqualTo(SECRET).isNotSameAs(m.payload());
        assertThat(m).isEqualTo(same);
        assertThat(m.toString()).doesNotContain("94", "5e5e", "5E5E", "Xl5e", "[B@");
    }

    @Test
    void transferComparesDigestByContentAndCopiesIt() {
        byte[] in = SECRET.clone();
        Transfer t = transfer(in);
        Transfer same = transfer(SECRET.clone());
        assertThat(t).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(t).isNotEqualTo(transfer(new byte[] {1}));

        in[0] = 0;
        t.sha256()[1] = 0;
        assertThat(t.sha256()).isEqualTo(SECRET).isNotSameAs(t.sha256());
        assertThat(t).isEqualTo(same);
        assertThat(t.toString()).doesNotContain("94", "5e5e", "5E5E", "Xl5e", "[B@");
    }

    @Test
    void copyElementComparesElementByContentAndCopiesIt() {
        byte[] in = SECRET.clone();
        CopyElement e = new CopyElement(3, 0, idx(3), in, false);
        CopyElement same = new CopyElement(3, 0, idx(3), SECRET.clone(), false);
        assertThat(e).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(e).isNotEqualTo(new CopyElement(3, 0, idx(3), new byte[] {1}, false));

        in[0] = 0;
        e.element()[1] = 0;
        assertThat(e.element()).isEqualTo(SECRET).isNotSameAs(e.element());
        assertThat(e).isEqualTo(same);
        assertThat(e.toString()).doesNotContain("94", "5e5e", "5E5E", "Xl5e", "[B@");
    }

    @Test
    void nullArraysStayNullAndCompareEqual() {
        assertThat(new ReceivedMessage(1, "r", idx(1), null, true).payload()).isNull();
        assertThat(new ReceivedMessage(1, "r", idx(1), null, true))
                .isEqualTo(new ReceivedMessage(1, "r", idx(1), null, true))
                .isNotEqualTo(new ReceivedMessage(1, "r", idx(1), new byte[0], true));
        assertThat(new OutgoingMessage(2, "w", idx(2), null, true, 0).payload()).isNull();
        assertThat(new OutgoingMessage(2, "w", idx(2), null, true, 0))
                .isEqualTo(new OutgoingMessage(2, "w", idx(2), null, true, 0))
                .hasSameHashCodeAs(new OutgoingMessage(2, "w", idx(2), null, true, 0));
        assertThat(transfer(null).sha256()).isNull();
        assertThat(transfer(null)).isEqualTo(transfer(null)).isNotEqualTo(transfer(SECRET));
        assertThat(new CopyElement(3, 0, idx(3), null, true).element()).isNull();
        assertThat(new CopyElement(3, 0, idx(3), null, true)).isEqualTo(new CopyElement(3, 0, idx(3), null, true));
    }

    private static Transfer transfer(byte[] sha256) {
        return new Transfer(4, "w", Transfer.Kind.COPY, Transfer.State.SENDING, "file", sha256, 10, 0, idx(4), idx(5),
                wcap(6));
    }
}
