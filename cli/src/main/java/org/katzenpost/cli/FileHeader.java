package org.katzenpost.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The header at the start of a transferred file, as {@code pigeonhole-cp} writes it: a CBOR map
 * {@code {"name": text, "size": uint}} directly followed by the file's bytes. CBOR is self-delimiting, so the
 * receiver knows where the file starts.
 *
 * @param length the header's encoded length (when decoded)
 */
record FileHeader(String name, long size, int length) {
    static final int MAX_NAME_BYTES = 255;

    static byte[] encode(String name, long size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xa2); // map of 2
        text(out, "name");
        text(out, name);
        text(out, "size");
        head(out, 0, size);
        return out.toByteArray();
    }

    private static void text(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        head(out, 3, b.length);
        out.writeBytes(b);
    }

    private static void head(ByteArrayOutputStream out, int major, long v) {
        int m = major << 5;
        if (v < 24) {
            out.write(m | (int) v);
        } else if (v < 0x100) {
            out.write(m | 24);
            out.write((int) v);
        } else if (v < 0x10000) {
            out.write(m | 25);
            out.write((int) (v >> 8));
            out.write((int) v);
        } else if (v < 0x1_0000_0000L) {
            out.write(m | 26);
            for (int i = 3; i >= 0; i--) {
                out.write((int) (v >> (8 * i)));
            }
        } else {
            out.write(m | 27);
            for (int i = 7; i >= 0; i--) {
                out.write((int) (v >> (8 * i)));
            }
        }
    }

    /** Decodes the header at the start of {@code box}; throws {@link IllegalArgumentException} when it is not one. */
    static FileHeader decode(byte[] box) {
        int[] pos = {0};
        int first = u8(box, pos);
        if ((first >> 5) != 5) {
            throw new IllegalArgumentException("the first box does not start with a file header (CBOR map)");
        }
        long entries = arg(box, pos, first & 0x1f);
        if (entries > 16) {
            throw new IllegalArgumentException("file header has too many fields");
        }
        String name = null;
        long size = -1;
        for (long i = 0; i < entries; i++) {
            int kb = u8(box, pos);
            if ((kb >> 5) != 3) {
                throw new IllegalArgumentException("file header has a non-text key");
            }
            String key = textBody(box, pos, arg(box, pos, kb & 0x1f));
            int vb = u8(box, pos);
            int major = vb >> 5;
            long a = arg(box, pos, vb & 0x1f);
            if (major == 3) {
                String v = textBody(box, pos, a);
                if (key.equals("name")) {
                    name = v;
                }
            } else if (major == 0) {
                if (key.equals("size")) {
                    size = a;
                }
            } else if (major == 7) {
                // false, true, null: ignored
            } else {
                throw new IllegalArgumentException("file header field " + key + " has an unsupported type");
            }
        }
        if (name == null || size < 0) {
            throw new IllegalArgumentException("file header lacks name or size");
        }
        return new FileHeader(name, size, pos[0]);
    }

    private static int u8(byte[] b, int[] pos) {
        if (pos[0] >= b.length) {
            throw new IllegalArgumentException("file header is truncated");
        }
        return b[pos[0]++] & 0xff;
    }

    private static long arg(byte[] b, int[] pos, int info) {
        if (info < 24) {
            return info;
        }
        int n = switch (info) {
            case 24 -> 1;
            case 25 -> 2;
            case 26 -> 4;
            case 27 -> 8;
            default -> throw new IllegalArgumentException("file header uses an unsupported CBOR length");
        };
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | u8(b, pos);
        }
        if (v < 0) {
            throw new IllegalArgumentException("file header value out of range");
        }
        return v;
    }

    private static String textBody(byte[] b, int[] pos, long len) {
        if (len > 4096 || pos[0] + len > b.length) {
            throw new IllegalArgumentException("file header text is truncated or too long");
        }
        String s = new String(b, pos[0], (int) len, StandardCharsets.UTF_8);
        pos[0] += (int) len;
        return s;
    }
}
