package org.katzenpost.bench;

import java.util.concurrent.TimeUnit;
import org.katzenpost.thin.pki.PkiDocument;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link PkiDocument#parse} of the stripped document kpclientd sends in {@code new_pki_document_event}:
 * the testkit's default, the one captured from the v0.0.99 testnet, and a synthetic 100-node one.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class PkiDecodeBench {
    @Param({"testkit", "testnet", "synthetic100"})
    public String document;

    private byte[] cbor;

    @Setup
    public void setup() {
        cbor = Samples.pkiDocument(document);
        PkiDocument d = PkiDocument.parse(cbor);
        System.out.printf("%n[pki] %s: %,d bytes, epoch %d%n", document, cbor.length, d.epoch());
    }

    @Benchmark
    public PkiDocument parse() {
        return PkiDocument.parse(cbor);
    }
}
