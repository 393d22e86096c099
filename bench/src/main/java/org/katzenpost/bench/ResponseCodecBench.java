package org.katzenpost.bench;

import java.util.concurrent.TimeUnit;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.thin.internal.wire.Responses.Response;
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

/**
 * Encode and decode of every response kind (daemon → client) with {@link WireCodec}; frames are daemon-style:
 * all 25 keys, one non-null. {@code decode} is what the client's reader thread does for every frame.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ResponseCodecBench {
    @Param({"session_token_reply", "shutdown_event", "connection_status_event", "new_pki_document_event",
            "message_sent_event", "message_reply_event", "message_id_garbage_collected", "new_keypair_reply",
            "encrypt_read_reply", "encrypt_write_reply", "start_resending_encrypted_message_reply",
            "cancel_resending_encrypted_message_reply", "start_resending_copy_command_reply",
            "cancel_resending_copy_command_reply", "next_message_box_index_reply",
            "get_message_box_index_counter_reply", "get_pki_document_reply", "get_directory_authorities_reply",
            "create_courier_envelopes_from_payload_reply", "create_courier_envelopes_from_multi_payload_reply",
            "create_courier_envelopes_from_tombstone_range_reply", "voucher_mint_reply", "voucher_induct_reply",
            "voucher_open_reply", "voucher_derive_stream_reply"})
    public String kind;

    private final WireCodec codec = new WireCodec();
    private Response response;
    private byte[] encoded;

    @Setup
    public void setup() {
        response = Samples.responses().get(kind);
        if (response == null) {
            throw new IllegalArgumentException("no sample for " + kind);
        }
        encoded = ResponseEncoder.encode(response);
        if (!codec.decodeResponse(encoded).wireKey().equals(kind)) {
            throw new IllegalStateException("round trip changed the kind of " + kind);
        }
    }

    @Benchmark
    public byte[] encode() {
        return ResponseEncoder.encode(response);
    }

    @Benchmark
    public Response decode() {
        return codec.decodeResponse(encoded);
    }
}
