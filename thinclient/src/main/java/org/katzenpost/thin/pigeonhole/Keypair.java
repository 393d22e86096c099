package org.katzenpost.thin.pigeonhole;

import java.util.Objects;

/**
 * The result of {@code new_keypair}: a fresh BACAP stream. Keep {@link #writeCap()} secret; hand
 * {@link #readCap()} and {@link #firstIndex()} to readers.
 *
 * @param writeCap the stream's write capability (secret)
 * @param readCap the stream's read capability
 * @param firstIndex the index of the first box to write or read
 */
public record Keypair(WriteCap writeCap, ReadCap readCap, MessageBoxIndex firstIndex) {
    /**
     * Checks that every part is present.
     *
     * @param writeCap the stream's write capability (secret)
     * @param readCap the stream's read capability
     * @param firstIndex the index of the first box
     * @throws NullPointerException if any part is null
     */
    public Keypair {
        Objects.requireNonNull(writeCap, "writeCap");
        Objects.requireNonNull(readCap, "readCap");
        Objects.requireNonNull(firstIndex, "firstIndex");
    }
}
