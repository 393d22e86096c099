package org.katzenpost.thin.pigeonhole;

import java.util.Objects;

/**
 * The voucher stream's caps, derived from a voucher by {@code voucher_derive_stream}: the inductor reads box 0
 * (the joiner's payload) with {@link #readCap()} and writes the sealed reply to box 1 with {@link #writeCap()}.
 */
public record VoucherStream(WriteCap writeCap, ReadCap readCap) {
    public VoucherStream {
        Objects.requireNonNull(writeCap, "writeCap");
        Objects.requireNonNull(readCap, "readCap");
    }

    /** Box 0 of the stream, carried in the read cap. */
    public MessageBoxIndex firstIndex() {
        return readCap.firstIndex();
    }
}
