package org.katzenpost.bench;

import java.util.concurrent.TimeUnit;
import org.katzenpost.testkit.internal.wire.RequestDecoder;
import org.katzenpost.thin.internal.wire.Requests.Request;
import org.katzenpost.thin.internal.wire.WireCodec;
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

/** Encode and decode of every request kind (client → daemon) with {@link WireCodec}. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RequestCodecBench {
    @Param({"session_token", "thin_close", "send_message", "new_keypair", "encrypt_read", "encrypt_write",
            "start_resending_encrypted_message", "cancel_resending_encrypted_message",
            "start_resending_copy_command", "cancel_resending_copy_command", "next_message_box_index",
            "get_message_box_index_counter", "create_courier_envelopes_from_payload",
            "create_courier_envelopes_from_multi_payload", "create_courier_envelopes_from_tombstone_range",
            "get_pki_document", "get_directory_authorities", "voucher_mint", "voucher_induct", "voucher_open",
            "voucher_derive_stream"})
    public String kind;

    private final WireCodec codec = new WireCodec();
    private Request request;
    private byte[] encoded;

    @Setup
    public void setup() {
        request = Samples.requests().get(kind);
        if (request == null) {
            throw new IllegalArgumentException("no sample for " + kind);
        }
        encoded = codec.encodeRequest(request);
        if (!RequestDecoder.decode(encoded).wireKey().equals(kind)) {
            throw new IllegalStateException("round trip changed the kind of " + kind);
        }
    }

    @Benchmark
    public byte[] encode() {
        return codec.encodeRequest(request);
    }

    @Benchmark
    public Request decode() {
        return RequestDecoder.decode(encoded);
    }
}
