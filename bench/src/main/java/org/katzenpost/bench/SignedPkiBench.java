package org.katzenpost.bench;

import java.util.concurrent.TimeUnit;
import org.katzenpost.thin.pki.SignedPkiDocument;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link SignedPkiDocument#parse} of the certificate-wrapped document captured from kpclientd v0.0.99
 * (14,210 bytes): what {@code ThinClient.fetchSignedPkiDocument} does with every {@code get_pki_document_reply}
 * (the document inside is parsed lazily, so not here).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SignedPkiBench {
    private final byte[] payload = Samples.resource("/bench/testnet-v0.0.99-signed-pki-document.cbor");

    @Benchmark
    public SignedPkiDocument parseSigned() {
        return SignedPkiDocument.parse(payload);
    }
}
