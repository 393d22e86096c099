package org.katzenpost.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates files and folders that only their owner can read: 0600 files in 0700 folders. On a file system
 * without POSIX permissions (Windows) the defaults of the platform apply.
 */
public final class OwnerOnlyFiles {
    /** The permissions of the files this class creates: owner read and write (0600); unmodifiable. */
    public static final Set<PosixFilePermission> FILE = Set.copyOf(PosixFilePermissions.fromString("rw-------"));
    /** The permissions of the folders this class creates: owner read, write and search (0700); unmodifiable. */
    public static final Set<PosixFilePermission> DIR = Set.copyOf(PosixFilePermissions.fromString("rwx------"));

    private OwnerOnlyFiles() {}

    static boolean posix(Path p) {
        Path existing = p.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null
                && Files.getFileAttributeView(existing, PosixFileAttributeView.class) != null;
    }

    /**
     * Creates {@code dir} and any missing parents; folders this call creates get 0700. An existing folder is left as
     * it is.
     *
     * @param dir the folder
     * @throws IOException if a folder cannot be created, or a file is in the way
     */
    public static void createDirectories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            return;
        }
        Path parent = abs.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            if (posix(abs)) {
                Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(DIR));
                Files.setPosixFilePermissions(abs, DIR); // the umask may have removed bits; none to add here
            } else {
                Files.createDirectory(abs);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(abs)) {
                throw e;
            }
        }
    }

    /**
     * Makes sure {@code file} exists with owner-only permissions: creates it empty with 0600 when missing (parents
     * 0700), and tightens an existing file to 0600.
     *
     * @param file the file
     * @throws IOException if the file or a parent cannot be created, or the permissions cannot be set
     */
    public static void ensureFile(Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) {
            createDirectories(abs.getParent());
        }
        boolean posix = posix(abs);
        if (!Files.exists(abs)) {
            try {
                FileAttribute<?>[] attrs = posix
                        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
                        : new FileAttribute<?>[0];
                Files.createFile(abs, attrs);
            } catch (FileAlreadyExistsException e) {
                // created concurrently: fall through and tighten
            }
        }
        if (posix) {
            Files.setPosixFilePermissions(abs, FILE);
        }
    }

    /**
     * Writes {@code content} to {@code file} atomically (a 0600 temporary file in the same folder, then a rename), so
     * a reader never sees half a file and nobody else can read it.
     *
     * @param file where to write; parents are created with 0700
     * @param content the bytes to write
     * @param overwrite whether an existing file may be replaced
     * @throws java.nio.file.FileAlreadyExistsException if the file exists and {@code overwrite} is false
     * @throws IOException if writing or renaming fails; the temporary file is removed
     */
    public static void writeSecret(Path file, byte[] content, boolean overwrite) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        createDirectories(dir);
        if (!overwrite && Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(abs.toString(), null, "already exists; not overwriting");
        }
        Path tmp = posix(dir)
                ? Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp", PosixFilePermissions.asFileAttribute(FILE))
                : Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        try {
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                var buf = java.nio.ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            if (overwrite) {
                Files.move(tmp, abs, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } else {
                // a hard link fails if the name exists, so a file that appeared meanwhile is never clobbered
                try {
                    Files.createLink(abs, tmp);
                } catch (UnsupportedOperationException e) {
                    Files.move(tmp, abs, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
