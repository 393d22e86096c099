package org.katzenpost.cli;

import java.nio.charset.StandardCharsets;

/** Checks the file name a sender put in a transfer before it becomes a path on the receiver's disk. */
final class FileNames {
    private FileNames() {}

    /**
     * {@code name} if it is safe as a single file name: not empty, at most 255 UTF-8 bytes, not {@code .} or
     * {@code ..}, no {@code /} or {@code \}, no control characters (C0, DEL, C1, and Unicode line or paragraph
     * separators), no NUL. Throws {@link IllegalArgumentException} saying why otherwise.
     */
    static String sanitize(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("the sender's file name is empty");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > FileHeader.MAX_NAME_BYTES) {
            throw new IllegalArgumentException("the sender's file name is longer than 255 bytes");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("the sender's file name is reserved (" + name + ")");
        }
        if (name.contains("..")) {
            throw new IllegalArgumentException("the sender's file name contains \"..\"");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                throw new IllegalArgumentException("the sender's file name contains a path separator");
            }
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u202e'
                    || Character.getType(c) == Character.FORMAT) {
                throw new IllegalArgumentException("the sender's file name contains a control character");
            }
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("the sender's file name is blank");
        }
        return name;
    }

    /** A printable form of an untrusted name for messages: control characters shown as {@code ?}. */
    static String printable(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length() && i < 300; i++) {
            char c = name.charAt(i);
            sb.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c);
        }
        return sb.toString();
    }
}
