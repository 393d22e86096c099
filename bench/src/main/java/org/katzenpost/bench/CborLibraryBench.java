package org.katzenpost.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.upokecenter.cbor.CBORObject;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.cbor.CborWriter;
import org.katzenpost.thin.internal.wire.Responses.Response;
import org.katzenpost.thin.internal.wire.WireCodec;
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
 * Our hand-written CBOR codec ({@code internal/cbor}) against two maintained libraries, Jackson CBOR (tree
 * model) and PeterO CBOR, on the inputs the client actually decodes: a daemon-style 25-key reply frame
 * (the {@code encrypt_write_reply} captured from kpclientd v0.0.99, 3,211 bytes) and PKI documents.
 *
 * <p>{@code ours_typed*} does the client's real work (decode to the typed record / {@link PkiDocument} with
 * every size and type check); {@code ours_tree*} decodes to a generic Map/List tree, which is what the library
 * benchmarks do too (they stop at the tree: mapping it to records would cost more on top).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CborLibraryBench {
    /** reply = the captured encrypt_write_reply frame; testnet / synthetic100 = stripped PKI documents. */
    @Param({"reply", "testnet", "synthetic100"})
    public String input;

    private final WireCodec codec = new WireCodec();
    private final ObjectMapper jackson = new ObjectMapper(new CBORFactory());
    private byte[] cbor;
    private Object oursTree;
    private Response oursTyped;
    private JsonNode jacksonTree;
    private CBORObject peteroTree;

    @Setup
    public void setup() throws IOException {
        cbor = input.equals("reply") ? Samples.resource("/bench/testnet-v0.0.99-encrypt_write_reply-frame.cbor")
                : Samples.pkiDocument(input);
        oursTree = new CborReader(cbor).readValue();
        if (input.equals("reply")) {
            oursTyped = codec.decodeResponse(cbor);
        }
        jacksonTree = jackson.readTree(cbor);
        peteroTree = CBORObject.DecodeFromBytes(cbor);
    }

    // ---------------------------------------------------------------- decode

    @Benchmark
    public Object decode_ours_typed() {
        return input.equals("reply") ? codec.decodeResponse(cbor) : PkiDocument.parse(cbor);
    }

    @Benchmark
    public Object decode_ours_tree() {
        return new CborReader(cbor).readValue();
    }

    @Benchmark
    public JsonNode decode_jackson_tree() throws IOException {
        return jackson.readTree(cbor);
    }

    @Benchmark
    public CBORObject decode_petero_tree() {
        return CBORObject.DecodeFromBytes(cbor);
    }

    // ---------------------------------------------------------------- encode

    @Benchmark
    public byte[] encode_ours_typed() {
        // the typed encoder exists for frames only; for documents this is the generic tree writer
        return oursTyped != null ? ResponseEncoder.encode(oursTyped) : new CborWriter(cbor.length).value(oursTree)
                .toByteArray();
    }

    @Benchmark
    public byte[] encode_ours_tree() {
        return new CborWriter(cbor.length).value(oursTree).toByteArray();
    }

    @Benchmark
    public byte[] encode_jackson_tree() throws IOException {
        return jackson.writeValueAsBytes(jacksonTree);
    }

    @Benchmark
    public byte[] encode_petero_tree() {
        return peteroTree.EncodeToBytes();
    }
}
