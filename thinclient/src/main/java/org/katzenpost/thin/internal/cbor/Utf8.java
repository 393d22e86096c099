package org.katzenpost.thin.internal.cbor;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding of CBOR text strings: malformed input is a {@link CborException}, never U+FFFD. */
final class Utf8 {
    private Utf8() {}

    static String decode(byte[] b, int off, int len) {
        if (isAscii(b, off, len)) {
            // ASCII is valid UTF-8 with the same code points; nearly every key and name on the wire is ASCII,
            // and this path skips the strict decoder's per-string allocations
            return new String(b, off, len, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, off, len))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CborException("text string is not valid UTF-8");
        }
    }

    private static boolean isAscii(byte[] b, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
    }
}
