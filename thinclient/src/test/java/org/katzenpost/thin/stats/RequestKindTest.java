package org.katzenpost.thin.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.internal.wire.Requests.QueryRequest;
import org.katzenpost.thin.internal.wire.WireKinds;

class RequestKindTest {

    /** Every request with a query id has its own kind, so none is counted as OTHER. */
    @Test
    void everyQueryRequestHasAKind() {
        List<String> keys = new ArrayList<>();
        for (Class<?> c : WireKinds.requestKinds()) {
            if (QueryRequest.class.isAssignableFrom(c)) {
                keys.add(WireKinds.key(c));
            }
        }
        assertThat(keys).hasSizeGreaterThan(15);
        for (String key : keys) {
            RequestKind kind = RequestKind.fromWireName(key);
            assertThat(kind).as(key).isNotEqualTo(RequestKind.OTHER);
            assertThat(kind.wireName()).isEqualTo(key);
        }
        assertThat(RequestKind.fromWireName(Requests.SendMessage.KEY)).isEqualTo(RequestKind.SEND_MESSAGE);
    }

    @Test
    void unknownNamesAreOther() {
        assertThat(RequestKind.fromWireName("frobnicate")).isEqualTo(RequestKind.OTHER);
        assertThat(RequestKind.fromWireName(null)).isEqualTo(RequestKind.OTHER);
        assertThat(RequestKind.fromWireName("other")).isEqualTo(RequestKind.OTHER);
    }
}
