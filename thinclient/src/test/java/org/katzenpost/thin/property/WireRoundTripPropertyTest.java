package org.katzenpost.thin.property;

import static org.assertj.core.api.Assertions.assertThat;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.katzenpost.testkit.internal.wire.RequestDecoder;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.thin.fuzz.Deep;
import org.katzenpost.thin.internal.wire.Requests.Request;
import org.katzenpost.thin.internal.wire.Responses.Response;
import org.katzenpost.thin.internal.wire.WireCodec;
import org.katzenpost.thin.internal.wire.WireKinds;

/**
 * For every request and response kind, with arbitrary valid field values: encode then decode gives back the
 * same value (recursive comparison, byte arrays by content, NaN equal to itself and -0.0 distinct from 0.0).
 * Coverage checks make every kind appear.
 */
class WireRoundTripPropertyTest {
    private final WireCodec codec = new WireCodec();

    @Provide
    Arbitrary<Request> requests() {
        return Gen.request();
    }

    @Provide
    Arbitrary<Response> responses() {
        return Gen.response();
    }

    @Property(tries = 1000)
    void everyRequestKindRoundTrips(@ForAll("requests") Request request) {
        Statistics.label("kind").collect(request.getClass().getSimpleName());
        Request back = RequestDecoder.decode(codec.encodeRequest(request));
        assertThat(back).isExactlyInstanceOf(request.getClass());
        assertThat(back).usingRecursiveComparison().withStrictTypeChecking()
                .withEqualsForType(Double::equals, Double.class).isEqualTo(request);
        assertThat(Deep.equals(back, request)).as("ordered structural equality").isTrue();
        Statistics.label("kind").coverage(c -> {
            for (Class<?> k : WireKinds.records(Request.class)) {
                c.check(k.getSimpleName()).count(n -> n > 0);
            }
        });
    }

    @Property(tries = 1000)
    void everyResponseKindRoundTrips(@ForAll("responses") Response response) {
        Statistics.label("kind").collect(response.getClass().getSimpleName());
        Response back = codec.decodeResponse(ResponseEncoder.encode(response));
        assertThat(back).isExactlyInstanceOf(response.getClass());
        assertThat(back).usingRecursiveComparison().withStrictTypeChecking()
                .withEqualsForType(Double::equals, Double.class).isEqualTo(response);
        assertThat(Deep.equals(back, response)).as("ordered structural equality").isTrue();
        Statistics.label("kind").coverage(c -> {
            for (Class<?> k : WireKinds.records(Response.class)) {
                c.check(k.getSimpleName()).count(n -> n > 0);
            }
        });
    }
}
