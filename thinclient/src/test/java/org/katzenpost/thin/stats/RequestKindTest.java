package org.katzenpost.thin.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.internal.wire.PigeonholeRequests;
import org.katzenpost.thin.internal.wire.Requests.QueryRequest;
import org.katzenpost.thin.internal.wire.Requests;

class RequestKindTest {

    /** Every request with a query id has its own kind, so none is counted as OTHER. */
    @Test
    void everyQueryRequestHasAKind() throws ReflectiveOperationException {
        List<String> keys = new ArrayList<>();
        for (Class<?> file : List.of(Requests.class, PigeonholeRequests.class)) {
            for (Class<?> c : file.getDeclaredClasses()) {
                if (c.isRecord() && QueryRequest.class.isAssignableFrom(c)) {
                    Field f = c.getField("KEY");
                    keys.add((String) f.get(null));
                }
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
