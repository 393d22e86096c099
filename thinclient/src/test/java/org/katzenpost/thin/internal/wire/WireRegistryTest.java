package org.katzenpost.thin.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.katzenpost.testkit.internal.wire.RequestDecoder;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.cbor.CborWriter;
import org.katzenpost.thin.internal.wire.Responses.Response;

/**
 * Every record of the sealed hierarchies is registered where its decoding starts: a reply added to an area file but
 * not to that area's keys and switch, or a request the testkit's decoder does not know, fails here
 * (docs/protocol.md#adding-a-kind).
 */
class WireRegistryTest {

    static List<Class<?>> responseKinds() {
        return WireKinds.responseKinds();
    }

    static List<Class<?>> requestKinds() {
        return WireKinds.requestKinds();
    }

    /** {@code {}}: the value of a variant none of whose fields are set. */
    private static CborReader emptyVariant() {
        CborWriter w = new CborWriter(8);
        w.mapHeader(0);
        return new CborReader(w.toByteArray());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responseKinds")
    void everyResponseRecordIsDecodedByTheRegistry(Class<?> record) {
        String key = WireKinds.key(record);
        assertThat(Responses.KEYS).as(record.getName()).contains(key);
        Response decoded = Responses.variant(key, emptyVariant());
        assertThat(decoded).as("the registry's switch for " + key).isExactlyInstanceOf(record);
        assertThat(decoded.wireKey()).isEqualTo(key);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestKinds")
    void everyRequestRecordIsKnownToTheTestkitDecoder(Class<?> record) {
        assertThat(RequestDecoder.KEYS).as(record.getName()).contains(WireKinds.key(record));
    }

    @Test
    void registryHoldsEachRecordKeyOnce() {
        List<String> recordKeys = responseKinds().stream().map(WireKinds::key).toList();
        assertThat(new HashSet<>(recordKeys)).as("one record per key").hasSameSizeAs(recordKeys);
        assertThat(Responses.KEYS).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(recordKeys);
        List<String> requestKeys = requestKinds().stream().map(WireKinds::key).toList();
        assertThat(RequestDecoder.KEYS).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(requestKeys);
    }

    @Test
    void unknownKeysAreLeftToTheCaller() {
        CborReader value = emptyVariant();
        assertThat(Responses.variant("future_reply", value)).isNull();
        assertThat(value.readMapHeader()).as("the value is left unread for the caller").isZero();
    }

    @Test
    void daemonOrderListsExactlyTheRegistryKeys() {
        assertThat(ResponseEncoder.KEYS_IN_DAEMON_ORDER).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(Responses.KEYS);
    }
}
