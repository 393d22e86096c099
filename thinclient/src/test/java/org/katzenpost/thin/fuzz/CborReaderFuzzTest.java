package org.katzenpost.thin.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.katzenpost.thin.internal.cbor.CborException;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.cbor.CborWriter;

/**
 * Fuzz target for the generic decoder. Contract: {@link CborReader#decode} returns or throws
 * {@link CborException}; it allocates in proportion to the input; {@link CborReader#skip()} accepts whatever
 * {@code readValue} accepts and stops at the same offset; and a decoded value written back with
 * {@link CborWriter#value} decodes to an equal value.
 */
class CborReaderFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void decode(byte[] input) {
        long before = Alloc.now();
        Object v;
        try {
            v = CborReader.decode(input);
        } catch (CborException expected) {
            return;
        } finally {
            FuzzChecks.allocationWithin(before, input.length, "CborReader.decode", () -> CborReader.decode(input));
        }

        CborReader skipper = new CborReader(input);
        skipper.skip();
        if (!skipper.atEnd()) {
            throw new AssertionError("skip() stopped at " + skipper.position() + " of " + input.length
                    + " but readValue() consumed the whole input");
        }

        byte[] again = new CborWriter().value(v).toByteArray();
        FuzzChecks.same(v, CborReader.decode(again), "decode(write(decode(x)))");
    }
}
