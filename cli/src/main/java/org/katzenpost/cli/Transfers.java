package org.katzenpost.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.katzenpost.store.ChannelStore;
import org.katzenpost.store.OwnerOnlyFiles;
import org.katzenpost.store.PersistentChannels;
import org.katzenpost.store.ReceivedMessage;
import org.katzenpost.store.Transfer;

/**
 * File transfer over a Pigeonhole channel, resumable through the channel store, in the format of
 * {@code pigeonhole-cp}: the first box starts with a CBOR {@link FileHeader} ({@code name}, {@code size}) and the
 * file's bytes follow, box after box. Used by {@code send}, {@code receive} and {@code demo}.
 */
final class Transfers {
    /** The copy path buffers the whole payload and the daemon caps one copy-stream call at 10 MiB. */
    static final long COPY_LIMIT = 9L * 1024 * 1024;

    /** Boxes a receive reads in parallel when the file is known to need them. */
    static final int READ_AHEAD = 8;

    private Transfers() {}

    /** A file to send: its name for the receiver, size, SHA-256, and a way to read it from an offset. */
    record Source(String name, long size, byte[] sha256, PersistentChannels.Source opener) {
        static Source ofFile(Path file, String name) throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new CliException(ExitCodes.USAGE, file + " is not a regular file");
            }
            long size = Files.size(file);
            byte[] sha;
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), Transfers.sha256())) {
                in.transferTo(OutputStream.nullOutputStream());
                sha = ((DigestInputStream) in).getMessageDigest().digest();
            }
            return new Source(name, size, sha, off -> {
                InputStream in = Files.newInputStream(file);
                in.skipNBytes(off);
                return in;
            });
        }

        static Source ofBytes(byte[] data, String name) {
            return new Source(name, data.length, Transfers.sha256().digest(data), off -> {
                InputStream in = new java.io.ByteArrayInputStream(data);
                in.skipNBytes(off);
                return in;
            });
        }

        byte[] readAll() throws IOException {
            try (InputStream in = opener.openAt(0)) {
                return in.readNBytes((int) size);
            }
        }
    }

    record Sent(String name, long size, String mode, boolean resumed) {}

    /**
     * Sends {@code src} on {@code channel} (a write channel already in the store). An interrupted transfer of the
     * same file is resumed, not repeated; an interrupted copy transfer of another file is finished first.
     */
    static Sent send(PersistentChannels channels, String channel, Source src, boolean noCopy, ProgressBar bar,
            PrintWriter err) {
        channels.flush(channel);
        Optional<Transfer> open = channels.unfinishedTransfer(channel);
        if (open.isPresent()) {
            Transfer t = open.get();
            boolean same = t.sha256() != null && Arrays.equals(t.sha256(), src.sha256()) && t.size() == src.size();
            if (t.kind() == Transfer.Kind.COPY) {
                // a copy transfer's size counts the header too
                byte[] srcHeader = FileHeader.encode(t.label(), src.size());
                same = t.sha256() != null && Arrays.equals(t.sha256(), src.sha256())
                        && t.size() == srcHeader.length + src.size();
                if (t.offset() < t.size() && !same) {
                    throw new CliException(ExitCodes.FAILURE, "this channel has an unfinished copy transfer of "
                            + FileNames.printable(t.label()) + " (" + t.size() + " bytes) from another file, stopped"
                            + " before all of it was encoded. Run `katzen send` with that file to finish it, or pass"
                            + " --abandon to drop it.");
                }
                err.println("resuming the interrupted transfer of " + FileNames.printable(t.label()));
                channels.resume(t, same ? copyPayload(srcHeader, src) : null, bar::update);
                bar.finish();
                if (same) {
                    return new Sent(t.label(), src.size(), "copy", true);
                }
            } else if (same) {
                err.println("resuming the interrupted transfer of " + FileNames.printable(t.label()));
                channels.resume(t, FileHeader.encode(t.label(), t.size()), src.opener(), bar::update);
                bar.finish();
                return new Sent(t.label(), t.size(), "direct", true);
            } else {
                throw new CliException(ExitCodes.FAILURE, "this channel has an unfinished box-by-box transfer of "
                        + FileNames.printable(t.label()) + " (" + t.size() + " bytes) from another file. Run"
                        + " `katzen send` with that file to finish it, or pass --abandon to drop it.");
            }
        }
        byte[] header = FileHeader.encode(src.name(), src.size());
        if (!noCopy) {
            if (header.length + src.size() > COPY_LIMIT) {
                throw new CliException(ExitCodes.USAGE, src.size() + " bytes is more than a copy stream carries ("
                        + COPY_LIMIT + " bytes); rerun with --no-copy to send box by box");
            }
            byte[] payload;
            try {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                b.writeBytes(header);
                b.writeBytes(src.readAll());
                payload = b.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            channels.sendCopy(channel, src.name(), payload, src.sha256(), bar::update);
            bar.finish();
            return new Sent(src.name(), src.size(), "copy", false);
        }
        channels.sendDirect(channel, src.name(), header, src.size(), src.sha256(), src.opener(), bar::update);
        bar.finish();
        return new Sent(src.name(), src.size(), "direct", false);
    }

    /** The payload of a copy transfer, {@code header} then the file, readable from any offset. */
    static PersistentChannels.Source copyPayload(byte[] header, Source src) {
        return off -> {
            if (off >= header.length) {
                return src.opener().openAt(off - header.length);
            }
            return new java.io.SequenceInputStream(
                    new java.io.ByteArrayInputStream(header, (int) off, header.length - (int) off),
                    src.opener().openAt(0));
        };
    }

    /** A received file, assembled from the store, not yet delivered. */
    record Received(FileHeader header, byte[] content, List<Long> messageIds, int boxes) {}

    /**
     * Reads the next file of {@code channel} (a read channel already in the store): boxes stored by an earlier,
     * interrupted run are used first, then the channel is read until the file is complete.
     */
    static Received receive(PersistentChannels channels, String channel, ProgressBar bar, PrintWriter err) {
        ChannelStore store = channels.store();
        List<ReceivedMessage> msgs = new ArrayList<>(store.unconsumed(channel));
        if (msgs.isEmpty()) {
            msgs.add(channels.readNext(channel));
        } else {
            err.println("resuming: " + msgs.size() + " box(es) of this transfer were stored by an earlier run");
        }
        FileHeader h;
        try {
            h = FileHeader.decode(msgs.get(0).payload());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.FAILURE, "the next message on this channel is not a file transfer: "
                    + e.getMessage());
        }
        long need = h.length() + h.size();
        long have = 0;
        for (ReceivedMessage m : msgs) {
            have += m.payload().length;
        }
        bar.update(Math.min(h.size(), Math.max(0, have - h.length())), h.size());
        int max = channels.pigeonhole().maxPlaintextPayloadLength();
        while (have < need) {
            // boxes hold at most `max` bytes, so at least this many more are surely written: read them together
            long sure = max > 0 ? (need - have + max - 1) / max : 1;
            for (ReceivedMessage m : channels.readNext(channel, (int) Math.max(1, Math.min(READ_AHEAD, sure)))) {
                msgs.add(m);
                have += m.payload().length;
            }
            bar.update(Math.min(h.size(), Math.max(0, have - h.length())), h.size());
        }
        bar.finish();
        if (h.size() > Integer.MAX_VALUE - 16) {
            throw new CliException(ExitCodes.FAILURE, "file of " + h.size() + " bytes is too large to assemble");
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream((int) Math.min(need, Integer.MAX_VALUE - 16));
        List<Long> ids = new ArrayList<>();
        for (ReceivedMessage m : msgs) {
            all.writeBytes(m.payload());
            ids.add(m.id());
        }
        byte[] content = Arrays.copyOfRange(all.toByteArray(), h.length(), (int) need);
        return new Received(h, content, ids, msgs.size());
    }

    /**
     * Writes {@code content} to {@code dest} without ever leaving a partial file under that name: a 0600
     * temporary file in the same folder, synced, then linked (or, with {@code force}, renamed) into place.
     * Returns false when {@code dest} already holds exactly {@code content} (a delivery repeated after a crash).
     */
    static boolean deliver(Path dest, byte[] content, boolean force) throws IOException {
        Path abs = dest.toAbsolutePath();
        if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isRegularFile(abs, LinkOption.NOFOLLOW_LINKS) && Files.size(abs) == content.length
                    && MessageDigest.isEqual(sha256().digest(Files.readAllBytes(abs)), sha256().digest(content))) {
                return false;
            }
            if (!force) {
                throw new FileAlreadyExistsException(abs.toString());
            }
        }
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".katzen-receive-", ".part",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(OwnerOnlyFiles.FILE));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            if (force) {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.createLink(abs, tmp); // fails if the name appeared meanwhile: never clobbers
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return true;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
