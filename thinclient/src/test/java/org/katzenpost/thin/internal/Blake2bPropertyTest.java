package org.katzenpost.thin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Our BLAKE2b against BouncyCastle's (a test-scope dependency only) on arbitrary messages, digest sizes and
 * ways of splitting the message into updates.
 */
class Blake2bPropertyTest {
    private static byte[] bouncyCastle(int digestSize, byte[] data) {
        Blake2bDigest d = new Blake2bDigest(digestSize * 8);
        d.update(data, 0, data.length);
        byte[] out = new byte[digestSize];
        d.doFinal(out, 0);
        return out;
    }

    @Property(tries = 2000)
    void blake2b256MatchesBouncyCastle(@ForAll @Size(max = 1200) byte[] data) {
        assertThat(Hashes.blake2b256(data)).isEqualTo(bouncyCastle(32, data));
    }

    @Property(tries = 1000)
    void anyDigestSizeAndSplitMatchesBouncyCastle(@ForAll @Size(max = 700) byte[] data,
            @ForAll @IntRange(min = 1, max = 64) int digestSize,
            @ForAll @IntRange(min = 1, max = 300) int chunk) {
        Blake2b b = new Blake2b(digestSize);
        for (int pos = 0; pos < data.length; pos += chunk) {
            b.update(data, pos, Math.min(chunk, data.length - pos));
        }
        assertThat(b.digest()).isEqualTo(bouncyCastle(digestSize, data));
    }
}
