package org.katzenpost.testkit.sim;

import java.security.SecureRandom;
import java.util.Map;
import org.katzenpost.thin.internal.cbor.CborReader;

final class SimTestSupport {
    private static final SecureRandom RND = new SecureRandom();

    private SimTestSupport() {}

    static byte[] random(int n) {
        byte[] b = new byte[n];
        RND.nextBytes(b);
        return b;
    }

    static byte[] qid() {
        return random(16);
    }

    /** The raw top-level map of a frame body. */
    @SuppressWarnings("unchecked")
    static Map<Object, Object> rawMap(byte[] body) {
        return (Map<Object, Object>) CborReader.decode(body);
    }
}
