package org.katzenpost.it.soak;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * What the reader of the soak's channel saw, against what the writer confirmed: each message carries its sequence
 * number (1, 2, 3, ...), and must arrive exactly once, in order. Thread-safe.
 */
final class ChannelCheck {
    static final String PREFIX = "soak-channel ";

    private final BitSet received = new BitSet();
    private long expected = 1;
    private long inOrder;
    private long duplicates;
    private long gaps;
    private long reorders;
    private long malformed;
    private long confirmed;
    private long attempted;

    /** The writer's message {@code seq}: "soak-channel SEQ " then filler up to {@code length} bytes. */
    static byte[] message(long seq, int length) {
        StringBuilder b = new StringBuilder(PREFIX).append(seq).append(' ');
        while (b.length() < length) {
            b.append((char) ('a' + (b.length() + seq) % 26));
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The writer starts sending {@code seq} (it retries the same message until it is confirmed). */
    synchronized void attempting(long seq) {
        attempted = Math.max(attempted, seq);
    }

    /** The writer's send of {@code seq} returned: the message is in the channel. */
    synchronized void confirmed(long seq) {
        confirmed = Math.max(confirmed, seq);
    }

    /** The reader received {@code m}. */
    synchronized void received(byte[] m) {
        long seq = parse(m);
        if (seq <= 0) {
            malformed++;
            Soak.log("channel: a received message is not one the writer sent (" + m.length + " bytes)");
            return;
        }
        if (received.get((int) seq)) {
            duplicates++;
            Soak.log("channel: message " + seq + " received AGAIN");
            return;
        }
        received.set((int) seq);
        if (seq == expected) {
            inOrder++;
            expected++;
        } else if (seq > expected) {
            gaps += seq - expected;
            Soak.log("channel: GAP: expected message " + expected + ", received " + seq);
            expected = seq + 1;
        } else {
            reorders++;
            Soak.log("channel: message " + seq + " arrived out of order (after " + (expected - 1) + ")");
        }
    }

    private static long parse(byte[] m) {
        String s = new String(m, StandardCharsets.US_ASCII);
        if (!s.startsWith(PREFIX)) {
            return -1;
        }
        int end = s.indexOf(' ', PREFIX.length());
        try {
            long seq = Long.parseLong(s.substring(PREFIX.length(), end < 0 ? s.length() : end));
            if (seq <= 0 || seq > Integer.MAX_VALUE - 1 || !java.util.Arrays.equals(m, message(seq, m.length))) {
                return -1;
            }
            return seq;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    synchronized long confirmed() {
        return confirmed;
    }

    synchronized long receivedCount() {
        return received.cardinality();
    }

    /** True once every confirmed message has arrived. */
    synchronized boolean caughtUp() {
        return received.nextClearBit(1) > confirmed;
    }

    /** Confirmed messages that never arrived. */
    synchronized long missing() {
        long n = 0;
        for (int i = 1; i <= confirmed; i++) {
            if (!received.get(i)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Messages received that the writer never confirmed: only the last attempted one may legitimately be among them
     * (its send failed in doubt, yet it was written). Anything else was never sent.
     */
    synchronized long unexpected() {
        long n = 0;
        for (int i = received.nextSetBit((int) confirmed + 1); i >= 0; i = received.nextSetBit(i + 1)) {
            if (i != attempted) {
                n++;
            }
        }
        return n;
    }

    /** Order or exactly-once violated. */
    synchronized long violations() {
        return duplicates + reorders + malformed + missing() + unexpected();
    }

    synchronized String summary() {
        return "sent(confirmed)=" + confirmed + " attempted=" + attempted + " received=" + receivedCount()
                + " in_order=" + inOrder + " duplicates=" + duplicates + " gaps=" + gaps + " reorders=" + reorders
                + " missing=" + missing() + " malformed=" + malformed + " unexpected=" + unexpected();
    }

    synchronized String machine() {
        return "ch_sent=" + confirmed + " ch_received=" + receivedCount() + " ch_dup=" + duplicates + " ch_gap="
                + gaps + " ch_reorder=" + reorders + " ch_missing=" + missing() + " ch_malformed=" + malformed
                + " ch_unexpected=" + unexpected();
    }
}
