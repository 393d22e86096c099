package org.katzenpost.groups;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.katzenpost.store.PersistentChannels;
import org.katzenpost.store.ReadChannel;
import org.katzenpost.store.StoreException;
import org.katzenpost.store.WriteChannel;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.ReadCap;
import java.util.concurrent.CompletableFuture;

/**
 * A typed event channel: application events (records, sealed hierarchies of records) on one Pigeonhole stream,
 * one event per box, encoded by an {@link EventCodec} ({@link CborEventCodec} by default), kept in a
 * crash-safe {@link org.katzenpost.store.ChannelStore}.
 *
 * <p>The writer {@link #create}s the channel and hands {@link #readCap()} (with {@link #firstIndex()}) to its
 * readers, who {@link #importReader} it. Sent events are queued in the store before they go out and finished
 * after a restart; received events are stored before they are handed out, and marked consumed once the
 * caller's future took them. So after a crash or a restart every event is delivered exactly once, in order:
 * the only repeat possible is an event whose future completed in the instant before the process died, before
 * the store recorded it as consumed. A receive that times out or is cancelled loses nothing: the read it
 * started goes on, and the next receive hands out what it brought.
 *
 * <pre>{@code
 * sealed interface Move permits Join, Play {}
 * record Join(String player) implements Move {}
 * record Play(String player, int x, int y) implements Move {}
 *
 * EventChannel<Move> game = EventChannel.create(channels, "game", CborEventCodec.of(Move.class));
 * game.send(new Join("alice")).join();
 * // the reader, elsewhere:
 * EventChannel<Move> view = EventChannel.importReader(channels, "game", readCap, firstIndex, codec);
 * Move m = view.receive(Duration.ofMinutes(2)).join();
 * }</pre>
 *
 * Use one {@code EventChannel} per store channel at a time. Close it to stop its reads.
 *
 * @param <E> the event type
 */
public final class EventChannel<E> implements AutoCloseable {
    /** The timeout of {@link #receive()}: five minutes. */
    public static final Duration DEFAULT_RECEIVE_TIMEOUT = Duration.ofMinutes(5);

    private final PersistentChannels channels;
    private final String name;
    private final EventCodec<E> codec;
    private final ReceiveEngine engine;
    private final boolean canWrite;
    private final boolean canRead;

    private EventChannel(PersistentChannels channels, String name, EventCodec<E> codec) {
        this.channels = Objects.requireNonNull(channels, "channels");
        this.name = Objects.requireNonNull(name, "name");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.canWrite = channels.store().writeChannel(name).isPresent();
        this.canRead = channels.store().readChannel(name).isPresent();
        this.engine = new ReceiveEngine(channels, "events");
    }

    /**
     * Creates a fresh stream stored as write channel {@code name} (or opens it if it exists).
     *
     * @param <E> the event type
     * @param channels the persistent channels (store and Pigeonhole client)
     * @param name the channel's name in the store
     * @param codec how events become bytes
     * @return the channel, ready to send
     */
    public static <E> EventChannel<E> create(PersistentChannels channels, String name, EventCodec<E> codec) {
        if (channels.store().writeChannel(name).isEmpty()) {
            channels.createWriteChannel(name);
        }
        return new EventChannel<>(channels, name, codec);
    }

    /**
     * Starts reading someone's stream, from {@code startIndex} on, stored as read channel {@code name} (or
     * continues where it stopped if that read channel exists with the same cap).
     *
     * @param <E> the event type
     * @param channels the persistent channels
     * @param name the channel's name in the store
     * @param readCap the stream's read cap (secret)
     * @param startIndex the first box to read
     * @param codec how bytes become events
     * @return the channel, ready to receive
     * @throws StoreException if a different read channel is stored under {@code name}
     */
    public static <E> EventChannel<E> importReader(PersistentChannels channels, String name, ReadCap readCap,
            MessageBoxIndex startIndex, EventCodec<E> codec) {
        channels.store().addReadChannel(name, readCap, startIndex);
        return new EventChannel<>(channels, name, codec);
    }

    /**
     * Opens the channel stored as {@code name}: its write channel, its read channel, or both.
     *
     * @param <E> the event type
     * @param channels the persistent channels
     * @param name the channel's name in the store
     * @param codec the codec
     * @return the channel
     * @throws StoreException if the store has no channel of that name
     */
    public static <E> EventChannel<E> open(PersistentChannels channels, String name, EventCodec<E> codec) {
        if (channels.store().writeChannel(name).isEmpty() && channels.store().readChannel(name).isEmpty()) {
            throw new StoreException("no event channel \"" + name + "\" in " + channels.store().file());
        }
        return new EventChannel<>(channels, name, codec);
    }

    /**
     * The channel's name in the store.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The read cap to give readers (secret: anyone holding it reads every event).
     *
     * @return the read cap
     * @throws IllegalStateException if this is a reader (it holds no write channel)
     */
    public ReadCap readCap() {
        WriteChannel w = writeChannel();
        if (w.readCap() == null) {
            throw new IllegalStateException("the write channel \"" + name + "\" was stored without its read cap");
        }
        return w.readCap();
    }

    /**
     * The first box of the stream, where readers start.
     *
     * @return the writer's first index, or the reader's
     */
    public MessageBoxIndex firstIndex() {
        if (canWrite) {
            return writeChannel().firstIndex();
        }
        return readChannel().firstIndex();
    }

    /**
     * The box the next event goes to (writer) or comes from (reader).
     *
     * @return the position
     */
    public MessageBoxIndex position() {
        if (canWrite) {
            return writeChannel().nextIndex();
        }
        return readChannel().nextIndex();
    }

    private WriteChannel writeChannel() {
        return channels.store().writeChannel(name).orElseThrow(() ->
                new IllegalStateException("\"" + name + "\" is not a channel this store writes"));
    }

    private ReadChannel readChannel() {
        return channels.store().readChannel(name).orElseThrow(() ->
                new IllegalStateException("\"" + name + "\" is not a channel this store reads"));
    }

    /**
     * Sends one event: queued in the store, then written; completes once the courier acknowledged it. Sends
     * go out in call order. If the program stops before that, the event goes out when the channel is next
     * used ({@link PersistentChannels#flush}).
     *
     * @param event the event; encoded, it must fit one box
     * @return completes when the event is written
     * @throws IllegalStateException if this channel cannot send
     */
    public CompletableFuture<Void> send(E event) {
        Objects.requireNonNull(event, "event");
        if (!canWrite) {
            throw new IllegalStateException("\"" + name + "\" is read-only here");
        }
        byte[] bytes = codec.encode(event);
        int max = channels.maxMessageLength(name);
        if (bytes.length == 0 || (max > 0 && bytes.length > max)) {
            throw new IllegalArgumentException("an event must encode to 1 to " + max + " bytes, this one is "
                    + bytes.length);
        }
        return engine.write(() -> {
            channels.send(name, bytes);
            return null;
        });
    }

    /**
     * Like {@link #receive(Duration)} with {@link #DEFAULT_RECEIVE_TIMEOUT}.
     *
     * @return the next event
     */
    public CompletableFuture<E> receive() {
        return receive(DEFAULT_RECEIVE_TIMEOUT);
    }

    /**
     * The next event: the oldest one stored and not yet handed out, or else the next box, read (waiting until
     * it is written), stored and handed out. Tombstoned boxes are skipped.
     *
     * @param timeout how long to wait (positive)
     * @return the event; fails with {@link org.katzenpost.thin.RequestTimeoutException} at the deadline (the
     *     position stays; nothing is lost), with {@link EventFormatException} for a box that is not an event
     *     (the channel goes on past it)
     * @throws IllegalStateException if this channel cannot receive
     * @throws IllegalArgumentException if {@code timeout} is not positive
     * @throws NullPointerException if {@code timeout} is null
     */
    public CompletableFuture<E> receive(Duration timeout) {
        if (!canRead) {
            throw new IllegalStateException("\"" + name + "\" is not a channel this store reads");
        }
        return engine.receive(List.of(name), ReceiveEngine.Mode.ONE, timeout, m -> codec.decode(m.payload()),
                map -> map.get(name));
    }

    /** Test hook: deadline timers still pending. */
    int pendingTimers() {
        return engine.pendingTimers();
    }

    /** Stops this channel's reads (sends already handed over finish first). The store stays open. */
    @Override
    public void close() {
        engine.close();
    }

    @Override
    public String toString() {
        return "EventChannel[" + name + (canWrite ? ", write" : "") + (canRead ? ", read" : "") + "]";
    }
}
