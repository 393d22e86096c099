package org.katzenpost.store;

import java.util.Optional;
import java.util.function.Consumer;
import org.katzenpost.thin.pigeonhole.ChannelFormatException;
import org.katzenpost.thin.pigeonhole.ChannelFrames;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;

/**
 * Reads the next message of a stored read channel and stores it, in the channel's {@link ChannelFormat}: one box
 * for {@code BOXES}; for {@code FRAMED}, the boxes of one frame (docs/pigeonhole.md#the-channel-format), stored
 * as one message in one transaction with the position after its last box, so a crash in between reads the
 * message again from its first box. A tombstoned box is stored as an empty message in either format (a frame is
 * never empty). A box that does not start a frame, or a frame broken by a tombstone or by too many bytes, is
 * skipped (the position moves past it) and reported as {@link ChannelFormatException}.
 */
final class ChannelReads {
    /** The largest message a framed read accepts: a {@code ChannelWriter}'s limit. */
    static final long MAX_FRAMED_MESSAGE = org.katzenpost.thin.pigeonhole.ChannelWriter.MAX_MESSAGE_LENGTH;

    private final ChannelStore store;
    private final DaemonCalls calls;
    private final PersistentChannels.Checkpoint checkpoint;

    ChannelReads(ChannelStore store, DaemonCalls calls, PersistentChannels.Checkpoint checkpoint) {
        this.store = store;
        this.calls = calls;
        this.checkpoint = checkpoint;
    }

    /** Reads (waiting for the box to be written), stores and returns the next message of {@code ch}. */
    ReceivedMessage next(ReadChannel ch) {
        return finish(ch, calls.read(ch.readCap(), ch.nextIndex()));
    }

    /** Like {@link #next}, but empty at once when the message's first box is not written. */
    Optional<ReceivedMessage> nextNoRetry(ReadChannel ch) {
        byte[] first = calls.readNoRetry(ch.readCap(), ch.nextIndex());
        return first == null ? Optional.empty() : Optional.of(finish(ch, first));
    }

    private ReceivedMessage finish(ReadChannel ch, byte[] firstBox) {
        Message m = assemble(ch, ch.nextIndex(), firstBox,
                after -> store.skipReceived(ch.name(), ch.nextIndex(), after));
        ReceivedMessage stored = store.recordReceived(ch.name(), ch.nextIndex(), m.after(), m.bytes());
        checkpoint.reached("stored");
        return stored;
    }

    /** The message that starts at box {@code index} of {@code ch}, without storing it or moving the channel. */
    byte[] messageAt(ReadChannel ch, MessageBoxIndex index) {
        return assemble(ch, index, calls.read(ch.readCap(), index), after -> {}).bytes();
    }

    /** Like {@link #messageAt}, but empty at once when the box is not written. */
    Optional<byte[]> messageAtNoRetry(ReadChannel ch, MessageBoxIndex index) {
        byte[] first = calls.readNoRetry(ch.readCap(), index);
        return first == null ? Optional.empty() : Optional.of(assemble(ch, index, first, after -> {}).bytes());
    }

    /** A message and the box after its last one. */
    private record Message(byte[] bytes, MessageBoxIndex after) {}

    /**
     * The message whose first box, at {@code index}, holds {@code firstBox}; reads the boxes after it that the
     * frame spans. On a malformed frame, hands the index past the bad boxes to {@code skip}, then throws.
     */
    private Message assemble(ReadChannel ch, MessageBoxIndex index, byte[] firstBox, Consumer<MessageBoxIndex> skip) {
        MessageBoxIndex after = calls.nextIndex(index);
        if (ch.format() != ChannelFormat.FRAMED || firstBox.length == 0) {
            return new Message(firstBox, after);
        }
        long length;
        try {
            length = ChannelFrames.messageLength(firstBox);
        } catch (ChannelFormatException e) {
            skip.accept(after);
            throw e;
        }
        int body = firstBox.length - ChannelFrames.HEADER_LENGTH;
        if (length > MAX_FRAMED_MESSAGE || body > length) {
            skip.accept(after);
            throw new ChannelFormatException("a channel box announces a message of " + length + " bytes but"
                    + (body > length ? " holds " + body : " the limit is " + MAX_FRAMED_MESSAGE) + "; skipped it");
        }
        byte[] message = new byte[(int) length];
        System.arraycopy(firstBox, ChannelFrames.HEADER_LENGTH, message, 0, body);
        int filled = body;
        while (filled < message.length) {
            // the rest of a long message: written by the same copy (all boxes or none) or right after
            byte[] box = calls.read(ch.readCap(), after);
            after = calls.nextIndex(after);
            if (box.length == 0 || filled + box.length > message.length) {
                skip.accept(after);
                throw new ChannelFormatException("a channel message spanning several boxes holds "
                        + (box.length == 0 ? "a tombstone" : "more bytes than its header announced") + "; skipped it");
            }
            System.arraycopy(box, 0, message, filled, box.length);
            filled += box.length;
        }
        return new Message(message, after);
    }

    /**
     * The box plaintext that carries {@code message} as the next message of a channel of {@code format}, if it
     * fits in one box.
     *
     * @throws IllegalArgumentException when it does not fit, or is empty in {@code BOXES} (a tombstone)
     */
    static byte[] singleBox(ChannelFormat format, byte[] message, int maxPlaintext) {
        java.util.Objects.requireNonNull(message, "message");
        byte[] box = format == ChannelFormat.FRAMED ? ChannelFrames.frame(message) : message;
        if (maxPlaintext > 0 && box.length > maxPlaintext) {
            throw new IllegalArgumentException("message of " + message.length + " bytes does not fit in one box ("
                    + maxSingleBoxMessage(format, maxPlaintext) + " bytes)");
        }
        if (box.length == 0) {
            throw new IllegalArgumentException("an empty message would be a tombstone; send at least one byte");
        }
        return box;
    }

    /** The longest message one box of a channel of {@code format} holds. */
    static int maxSingleBoxMessage(ChannelFormat format, int maxPlaintext) {
        return format == ChannelFormat.FRAMED ? Math.max(0, maxPlaintext - ChannelFrames.HEADER_LENGTH)
                : maxPlaintext;
    }
}
