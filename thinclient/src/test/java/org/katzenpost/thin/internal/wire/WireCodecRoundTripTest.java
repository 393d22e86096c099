package org.katzenpost.thin.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.katzenpost.testkit.internal.wire.RequestDecoder;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.thin.internal.wire.Requests.Request;
import org.katzenpost.thin.internal.wire.Responses.Response;

class WireCodecRoundTripTest {
    private final WireCodec codec = new WireCodec();

    static Stream<Request> allRequests() {
        return Stream.concat(WireSamples.requests().stream(), WireSamples.sparseRequests().stream());
    }

    static Stream<Response> allResponses() {
        return Stream.concat(WireSamples.responses().stream(), WireSamples.errorResponses().stream());
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("allRequests")
    void everyRequestRoundTrips(Request request) {
        Request back = RequestDecoder.decode(codec.encodeRequest(request));
        assertThat(back).isInstanceOf(request.getClass());
        assertThat(back).usingRecursiveComparison().isEqualTo(request);
        assertThat(back.wireKey()).isEqualTo(request.wireKey());
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("allResponses")
    void everyResponseRoundTrips(Response response) {
        Response back = codec.decodeResponse(ResponseEncoder.encode(response));
        assertThat(back).isInstanceOf(response.getClass());
        assertThat(back).usingRecursiveComparison().isEqualTo(response);
    }

    @Test
    void samplesCoverEveryVariant() {
        Set<Class<?>> requestKinds = WireSamples.requests().stream().map(Object::getClass).collect(Collectors.toSet());
        Set<Class<?>> declaredRequests = Set.copyOf(WireKinds.requestKinds());
        assertThat(declaredRequests).hasSize(21);
        assertThat(requestKinds).isEqualTo(declaredRequests);

        Set<Class<?>> responseKinds = WireSamples.responses().stream().map(Object::getClass).collect(Collectors.toSet());
        Set<Class<?>> declaredResponses = Set.copyOf(WireKinds.responseKinds());
        assertThat(declaredResponses).hasSize(25);
        assertThat(responseKinds).isEqualTo(declaredResponses);
        assertThat(WireSamples.responses().stream().map(Response::wireKey).collect(Collectors.toList()))
                .containsExactlyElementsOf(ResponseEncoder.KEYS_IN_DAEMON_ORDER);
    }

    @Test
    void unknownResponseRoundTrips() {
        Map<Object, Object> value = new LinkedHashMap<>();
        value.put("query_id", WireSamples.qid(1));
        value.put("answer", 42L);
        value.put("nested", List.of("a", Map.of("b", true)));
        Responses.Unknown unknown = new Responses.Unknown("future_reply", value);
        byte[] frame = ResponseEncoder.encode(unknown);
        Response back = codec.decodeResponse(frame);
        assertThat(back).usingRecursiveComparison().isEqualTo(unknown);
        @SuppressWarnings("unchecked")
        Map<Object, Object> generic = (Map<Object, Object>) org.katzenpost.thin.internal.cbor.CborReader.decode(frame);
        assertThat(generic).hasSize(26);
    }

    @Test
    void unknownRequestRoundTrips() {
        Requests.Unknown unknown = new Requests.Unknown("future_request", Map.of("query_id", WireSamples.qid(2)));
        Request back = RequestDecoder.decode(codec.encodeRequest(unknown));
        assertThat(back).usingRecursiveComparison().isEqualTo(unknown);
    }

    @Test
    void sharedInstanceWorks() {
        Response r = WireSamples.responses().get(7);
        assertThat(WireCodec.INSTANCE.decodeResponse(ResponseEncoder.encode(r)))
                .usingRecursiveComparison().isEqualTo(r);
    }
}
