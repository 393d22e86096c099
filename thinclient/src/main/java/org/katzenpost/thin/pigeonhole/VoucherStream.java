package org.katzenpost.thin.pigeonhole;

import java.util.Objects;

/**
 * The voucher stream's caps, derived from a voucher by {@code voucher_derive_stream}: the inductor reads box 0
 * (the joiner's payload) with {@link #readCap()} and writes the sealed reply to box 1 with {@link #writeCap()}
 * (docs/protocol.md#vouchers).
 *
 * @param writeCap the cap that writes box 1 (secret)
 * @param readCap the cap that reads box 0
 */
public record VoucherStream(WriteCap writeCap, ReadCap readCap) {
    /**
     * Checks that both caps are present.
     *
     * @param writeCap the cap that writes the sealed reply to box 1 (secret)
     * @param readCap the cap that reads the joiner's payload in box 0
     * @throws NullPointerException if either cap is null
     */
    public VoucherStream {
        Objects.requireNonNull(writeCap, "writeCap");
        Objects.requireNonNull(readCap, "readCap");
    }

    /**
     * Box 0 of the stream, where the joiner's payload is.
     *
     * @return the index carried in the read cap
     */
    public MessageBoxIndex firstIndex() {
        return readCap.firstIndex();
    }
}
