package org.katzenpost.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.katzenpost.testkit.internal.wire.RequestDecoder;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.internal.session.SessionAccess;
import org.katzenpost.thin.internal.wire.WireCodec;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.pki.PkiDocument;

/** Keeps the benchmark fixtures honest: the raw daemon answers like kpclientd, the samples round-trip. */
class BenchSmokeTest {
    @ParameterizedTest
    @ValueSource(strings = {"tcp", "unix"})
    void rawDaemonAnswersPipelinedRequests(String transport) throws Exception {
        try (RawDaemon raw = RawDaemon.start(transport);
                ThinClient client = ThinClient.connect(raw.configBuilder().build())) {
            PigeonholeClient ph = client.pigeonhole().withTimeout(Duration.ofSeconds(10));
            MessageBoxIndex first = ph.sync().newKeypair(PigeonholeClient.randomSeed()).firstIndex();
            List<CompletableFuture<MessageBoxIndex>> fs = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                fs.add(ph.nextMessageBoxIndex(first));
            }
            for (CompletableFuture<MessageBoxIndex> f : fs) {
                assertThat(f.get(10, TimeUnit.SECONDS).toBytes()).hasSize(MessageBoxIndex.LENGTH);
            }
            assertThat(raw.answered()).isEqualTo(501);
            assertThat(SessionAccess.of(client).inFlightCalls()).isZero();
        }
    }

    @Test
    void heldRepliesAreReleasedByTheNextRequest() throws Exception {
        try (RawDaemon raw = RawDaemon.tcp();
                ThinClient client = ThinClient.connect(raw.configBuilder().build())) {
            PigeonholeClient ph = client.pigeonhole().withTimeout(Duration.ofSeconds(10));
            MessageBoxIndex first = ph.sync().newKeypair(PigeonholeClient.randomSeed()).firstIndex();
            raw.holdReplies(1000);
            List<CompletableFuture<MessageBoxIndex>> fs = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                fs.add(ph.nextMessageBoxIndex(first));
            }
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
                    .until(() -> fs.stream().noneMatch(CompletableFuture::isDone));
            raw.holdReplies(0);
            fs.add(ph.nextMessageBoxIndex(first));
            CompletableFuture.allOf(fs.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void samplesRoundTripThroughTheCodec() {
        WireCodec codec = new WireCodec();
        assertThat(Samples.requests()).hasSize(21);
        assertThat(Samples.responses()).hasSize(25);
        Samples.requests().forEach((k, r) -> assertThat(RequestDecoder.decode(codec.encodeRequest(r)).wireKey()).isEqualTo(k));
        Samples.responses().forEach((k, r) -> assertThat(codec.decodeResponse(ResponseEncoder.encode(r)).wireKey()).isEqualTo(k));
    }

    @Test
    void pkiDocumentsParse() {
        for (String d : new String[] {"testkit", "testnet", "synthetic100"}) {
            assertThat(PkiDocument.parse(Samples.pkiDocument(d)).allNodes()).isNotEmpty();
        }
        assertThat(PkiDocument.parse(Samples.pkiDocument("synthetic100")).allNodes()).hasSize(97);
    }

    @Test
    void quantilesAreNearestRank() {
        LatencyRecorder r = new LatencyRecorder(1000);
        for (int i = 1; i <= 100; i++) {
            r.record(i);
        }
        long[] s = r.sorted();
        assertThat(LatencyRecorder.quantile(s, 0.5)).isEqualTo(50);
        assertThat(LatencyRecorder.quantile(s, 0.99)).isEqualTo(99);
        assertThat(LatencyRecorder.quantile(new long[0], 0.99)).isZero();
    }
}
