package org.katzenpost.groups;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.katzenpost.store.ChannelStore;
import org.katzenpost.store.PersistentChannels;
import org.katzenpost.store.ReceivedMessage;
import org.katzenpost.store.StoreException;
import org.katzenpost.store.WriteChannel;
import org.katzenpost.thin.cbor.Cbor;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.ReadCap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group on Pigeonhole: every member writes events to a stream of their own and reads every other member's
 * stream. Members join by {@link Introduction} (name, read cap, start index); a member's id is the hash of their
 * read cap. Everything (own stream, members, read positions, received events) lives in a crash-safe
 * {@link ChannelStore}, so a group is {@link #open}ed again after a restart exactly where it stopped.
 *
 * <pre>{@code
 * GroupChannel<Msg> team = GroupChannel.create(channels, "team", "alice", CborEventCodec.of(Msg.class));
 * String invite = team.introduction().toText();            // give it to the others (secret)
 * team.addMember(Introduction.fromText(bobsText));         // and add theirs
 * team.send(new Msg("hello")).join();
 * GroupEvent<Msg> e = team.receiveAny(Duration.ofMinutes(1)).join();
 * }</pre>
 *
 * <p>Receives run concurrently over the members (at most one read per member in flight, shared by every
 * receive that waits for that member). An event is stored as soon as its read completes, and handed out by the
 * first receive that wants it; when a receive times out or is cancelled, events already read stay stored
 * for the next receive: none is lost, none is handed out twice, each member's events come in order to receives
 * that do not overlap (overlapping receives share that order: docs/groups.md#group-channels).
 *
 * <p>Each box carries one byte of kind ({@code 0}: an application event, encoded by the codec) before the
 * event, so that group control messages can share the stream. Use one {@code GroupChannel} per group and store
 * at a time; close it to stop its reads.
 *
 * @param <E> the event type
 */
public final class GroupChannel<E> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupChannel.class);
    /** Prefix of the store namespaces of groups. */
    static final String NAMESPACE = "group:";
    private static final byte KIND_EVENT = 0;
    private static final byte KIND_ROTATE = 1;

    private final PersistentChannels channels;
    private final ChannelStore store;
    private final String name;
    private final String namespace;
    private final String displayName;
    private volatile String writeChannel;
    private volatile int generation;
    private final MemberId self;
    private final EventCodec<E> codec;
    private final ReceiveEngine engine;
    private final Map<MemberId, MemberRecord> members = new ConcurrentHashMap<>();

    /** A member as stored: the read channel of their current stream, and how often they rotated. */
    private record MemberRecord(MemberId id, String displayName, String channel, int generation) {}

    private GroupChannel(PersistentChannels channels, String name, EventCodec<E> codec) {
        this.channels = channels;
        this.store = channels.store();
        this.name = name;
        this.namespace = NAMESPACE + name;
        this.codec = Objects.requireNonNull(codec, "codec");
        Map<?, ?> selfRecord = decodeRecord(store.record(namespace, "self").orElseThrow(() ->
                new StoreException("no group \"" + name + "\" in " + store.file())));
        this.displayName = (String) selfRecord.get("n");
        this.writeChannel = (String) selfRecord.get("w");
        this.generation = selfRecord.get("g") instanceof Long g ? g.intValue() : 0;
        WriteChannel w = store.writeChannel(writeChannel).orElseThrow(() ->
                new StoreException("group \"" + name + "\" lost its own stream"));
        this.self = selfRecord.get("id") instanceof byte[] id ? MemberId.fromBytes(id)
                : MemberId.of(w.readCap());
        for (String key : store.recordKeys(namespace)) {
            if (key.startsWith("member:")) {
                Map<?, ?> m = decodeRecord(store.record(namespace, key).orElseThrow());
                MemberId id = MemberId.fromHex(key.substring("member:".length()));
                int gen = m.get("g") instanceof Long g ? g.intValue() : 0;
                members.put(id, new MemberRecord(id, (String) m.get("n"), (String) m.get("c"), gen));
                if (m.get("prev") instanceof String prev) {
                    store.deleteReadChannel(prev); // a rotation followed before a crash: the old stream is done
                }
            }
        }
        this.engine = new ReceiveEngine(channels, "group", this::channelOfKey, new Rotations());
        if (selfRecord.get("rot") instanceof Map<?, ?>) {
            engine.write(() -> {
                finishRotation();
                return null;
            }).whenComplete((v, t) -> {
                if (t != null) {
                    log.warn("group {}: finishing the rotation begun before a restart failed: {}; it is tried"
                            + " again on the next open", name, t.getClass().getSimpleName());
                }
            });
        }
    }

    /** The read channel a receive key (a member id in hex) reads now, or null if no longer a member. */
    private String channelOfKey(String key) {
        MemberRecord m = members.get(MemberId.fromHex(key));
        return m == null ? null : m.channel();
    }

    private static Map<?, ?> decodeRecord(byte[] bytes) {
        return (Map<?, ?>) Cbor.decode(bytes);
    }

    /**
     * Creates a group in the store with a fresh stream for the local member.
     *
     * @param <E> the event type
     * @param channels the persistent channels (store and Pigeonhole client)
     * @param name the group's name in this store (local; other members may call it differently)
     * @param displayName the local member's name, as others will see it
     * @param codec how events become bytes
     * @return the group
     * @throws StoreException if the store already has a group of that name
     * @throws IllegalArgumentException if {@code name} is blank or holds ':', or {@code displayName} is not 1 to 64
     *     UTF-8 bytes without control characters
     * @throws NullPointerException if {@code codec} is null (nothing is stored then)
     */
    public static <E> GroupChannel<E> create(PersistentChannels channels, String name, String displayName,
            EventCodec<E> codec) {
        requireName(name);
        Introduction.checkName(displayName);
        Objects.requireNonNull(codec, "codec"); // before anything is stored
        ChannelStore store = channels.store();
        if (store.record(NAMESPACE + name, "self").isPresent()) {
            throw new StoreException("a group \"" + name + "\" already exists in " + store.file());
        }
        String write = memberStream(name, "self", 0);
        WriteChannel w = store.writeChannel(write).orElseGet(() -> channels.createWriteChannel(write));
        Map<String, Object> self = new LinkedHashMap<>();
        self.put("n", displayName);
        self.put("w", write);
        self.put("id", MemberId.of(w.readCap()).toBytes());
        self.put("g", 0L);
        store.putRecord(NAMESPACE + name, "self", Cbor.encode(self));
        return new GroupChannel<>(channels, name, codec);
    }

    /**
     * Opens a group stored earlier, with all its members and positions.
     *
     * @param <E> the event type
     * @param channels the persistent channels
     * @param name the group's name in this store
     * @param codec the codec
     * @return the group
     * @throws StoreException if there is no such group
     */
    public static <E> GroupChannel<E> open(PersistentChannels channels, String name, EventCodec<E> codec) {
        requireName(name);
        return new GroupChannel<>(channels, name, codec);
    }

    /**
     * The names of the groups in {@code store}.
     *
     * @param store the store
     * @return the names, sorted
     */
    public static List<String> groupNames(ChannelStore store) {
        List<String> out = new ArrayList<>();
        for (String ns : store.recordNamespaces(NAMESPACE)) {
            if (store.record(ns, "self").isPresent()) {
                out.add(ns.substring(NAMESPACE.length()));
            }
        }
        return out;
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank() || name.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a group name must not be empty or contain ':'");
        }
    }

    /**
     * The group's name in this store.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The local member's display name.
     *
     * @return the name
     */
    public String displayName() {
        return displayName;
    }

    /**
     * The local member's id.
     *
     * @return the id
     */
    public MemberId selfId() {
        return self;
    }

    /**
     * The local member's introduction from the first box of their stream: who adds it reads everything the
     * local member ever sent to the group.
     *
     * @return the introduction (secret)
     */
    public Introduction introduction() {
        WriteChannel w = ownStream();
        return Introduction.of(displayName, w.readCap(), w.firstIndex(), self);
    }

    /**
     * The local member's introduction from the next box on: who adds it reads only what is sent from now.
     *
     * @return the introduction (secret)
     */
    public Introduction introductionFromNow() {
        WriteChannel w = ownStream();
        return Introduction.of(displayName, w.readCap(), w.nextIndex(), self);
    }

    private WriteChannel ownStream() {
        return store.writeChannel(writeChannel).orElseThrow(() ->
                new StoreException("group \"" + name + "\" lost its own stream"));
    }

    /**
     * Adds a member: their stream is read from the introduction's start index on. Adding a member again changes
     * nothing (their position, and any rotation since, is kept).
     *
     * @param introduction the member's introduction
     * @return their id
     * @throws IllegalArgumentException if it is the local member's own introduction
     */
    public MemberId addMember(Introduction introduction) {
        Objects.requireNonNull(introduction, "introduction");
        MemberId id = introduction.memberId();
        if (id.equals(self)) {
            throw new IllegalArgumentException("that is the local member's own introduction");
        }
        if (members.containsKey(id)) {
            return id; // known: their position (and any rotation since) is kept
        }
        String channel = memberStream(name, id.toHex(), 0);
        store.addReadChannel(channel, introduction.readCap(), introduction.startIndex());
        MemberRecord m = new MemberRecord(id, introduction.displayName(), channel, 0);
        putMember(m, null);
        members.put(id, m);
        log.debug("group {}: member {} added", name, id.shortId());
        return id;
    }

    /**
     * An introduction of member {@code id} for someone else to add them: their name and read cap, starting at
     * the box this store reads next from them (so the newcomer sees what the member sends from about now on).
     *
     * @param id a member (not the local one: use {@link #introductionFromNow()})
     * @return the introduction (secret)
     * @throws IllegalArgumentException if {@code id} is not a member
     */
    public Introduction introductionOf(MemberId id) {
        MemberRecord m = requireMember(id);
        org.katzenpost.store.ReadChannel r = store.readChannel(m.channel()).orElseThrow(() ->
                new StoreException("group \"" + name + "\" lost the stream of " + id));
        return Introduction.of(m.displayName(), r.readCap(), r.nextIndex(), id);
    }

    /**
     * Removes a member: their stream is no longer read, and what was stored from it is deleted.
     *
     * @param id the member
     * @return whether they were a member
     * @throws NullPointerException if {@code id} is null
     */
    public boolean removeMember(MemberId id) {
        Objects.requireNonNull(id, "id");
        boolean[] removed = {false};
        // under the receive lock, so that a rotation being applied cannot put the member back, and a receive
        // never sees the member half removed
        engine.atomically(() -> {
            MemberRecord m = members.remove(id);
            if (m != null) {
                store.deleteRecord(namespace, "member:" + id.toHex());
                engine.forget(m.channel());
                store.deleteReadChannel(m.channel());
                removed[0] = true;
            }
        });
        if (removed[0]) {
            log.debug("group {}: member {} removed", name, id.shortId());
        }
        return removed[0];
    }

    /**
     * The members, the local one first, then the others by id.
     *
     * @return the members
     */
    public List<Member> members() {
        List<Member> out = new ArrayList<>();
        out.add(new Member(self, displayName, true));
        members.values().stream().sorted((a, b) -> a.id().compareTo(b.id()))
                .forEach(m -> out.add(new Member(m.id(), m.displayName(), false)));
        return out;
    }

    /**
     * Whether {@code id} is a member (the local one included).
     *
     * @param id the id
     * @return true if so
     * @throws NullPointerException if {@code id} is null
     */
    public boolean isMember(MemberId id) {
        Objects.requireNonNull(id, "id");
        return self.equals(id) || members.containsKey(id);
    }

    /**
     * Sends an event to the group: written to the local member's stream (queued in the store first; see
     * {@link EventChannel#send}). Sends go out in call order.
     *
     * @param event the event; encoded, it must fit one box less one byte
     * @return completes when the event is written
     */
    public CompletableFuture<Void> send(E event) {
        Objects.requireNonNull(event, "event");
        byte[] bytes = codec.encode(event);
        byte[] box = new byte[bytes.length + 1];
        box[0] = KIND_EVENT;
        System.arraycopy(bytes, 0, box, 1, bytes.length);
        int max = channels.maxMessageLength(writeChannel);
        if (max > 0 && box.length > max) {
            throw new IllegalArgumentException("an event must encode to at most " + (max - 1) + " bytes, this one is "
                    + bytes.length);
        }
        return engine.write(() -> {
            channels.send(writeChannel, box);
            return null;
        });
    }

    /**
     * The next event of one member.
     *
     * @param member the member (not the local one)
     * @param timeout how long to wait (positive)
     * @return the event; fails with {@link org.katzenpost.thin.RequestTimeoutException} at the deadline
     *     (nothing is lost), with {@link EventFormatException} for a box that is not an event
     * @throws IllegalArgumentException if {@code member} is not a member, or {@code timeout} is not positive
     * @throws NullPointerException if {@code member} or {@code timeout} is null
     */
    public CompletableFuture<GroupEvent<E>> receiveFrom(MemberId member, Duration timeout) {
        requireMember(member);
        String key = member.toHex();
        return engine.receive(List.of(key), ReceiveEngine.Mode.ONE, timeout, this::decode, map -> map.get(key));
    }

    /**
     * The next event of every member, read concurrently. At the deadline it completes with the events that
     * arrived (a partial result, possibly empty), never with a timeout; the reads still missing go on, and what
     * they bring is handed out by later receives.
     *
     * @param timeout how long to wait for the slowest member (positive)
     * @return per member who sent one in time, their next event
     * @throws IllegalArgumentException if {@code timeout} is not positive
     * @throws NullPointerException if {@code timeout} is null
     */
    public CompletableFuture<Map<MemberId, GroupEvent<E>>> receiveFromAll(Duration timeout) {
        List<String> wanted = new ArrayList<>();
        for (MemberId id : members.keySet()) {
            wanted.add(id.toHex());
        }
        return engine.receive(wanted, ReceiveEngine.Mode.ALL, timeout, this::decode, map -> {
            Map<MemberId, GroupEvent<E>> out = new LinkedHashMap<>();
            for (Map.Entry<String, GroupEvent<E>> e : map.entrySet()) {
                out.put(MemberId.fromHex(e.getKey()), e.getValue());
            }
            return out;
        });
    }

    /**
     * The next event of any member: the one stored first among those not yet handed out, or else the first to
     * arrive. Reads of every member run at once.
     *
     * @param timeout how long to wait (positive)
     * @return the event; fails with {@link org.katzenpost.thin.RequestTimeoutException} at the deadline
     * @throws IllegalStateException if the group has no other member
     * @throws IllegalArgumentException if {@code timeout} is not positive
     * @throws NullPointerException if {@code timeout} is null
     */
    public CompletableFuture<GroupEvent<E>> receiveAny(Duration timeout) {
        return receiveAny(timeout, e -> e);
    }

    /**
     * Like {@link #receiveAny(Duration)}, handing out what {@code then} makes of the event, or skipping events
     * it turns into null. {@code then} runs when the event is taken, before the future completes, under the
     * group's receive lock (keep it short; it may add members). Use this rather than
     * {@code receiveAny(timeout).thenApply(then)}: the returned future is the receive itself, so cancelling it
     * (or its timing out) releases the event for the next receive, where a dependent future would not.
     *
     * @param <R> what {@code then} makes of an event
     * @param timeout how long to wait (positive)
     * @param then maps an event to the result, or to null to consume it and wait for the next one
     * @return the result of {@code then}
     * @throws IllegalStateException if the group has no other member
     * @throws IllegalArgumentException if {@code timeout} is not positive
     * @throws NullPointerException if {@code timeout} or {@code then} is null
     */
    public <R> CompletableFuture<R> receiveAny(Duration timeout, java.util.function.Function<GroupEvent<E>, R> then) {
        Objects.requireNonNull(then, "then");
        List<String> wanted = new ArrayList<>();
        for (MemberId id : members.keySet()) {
            wanted.add(id.toHex());
        }
        if (wanted.isEmpty()) {
            throw new IllegalStateException("group \"" + name + "\" has no other member to receive from");
        }
        return engine.receive(wanted, ReceiveEngine.Mode.ANY, timeout, m -> then.apply(decode(m)),
                map -> map.values().iterator().next());
    }

    private void putMember(MemberRecord m, String prev) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("n", m.displayName());
        rec.put("c", m.channel());
        rec.put("g", (long) m.generation());
        if (prev != null) {
            rec.put("prev", prev);
        }
        store.putRecord(namespace, "member:" + m.id().toHex(), Cbor.encode(rec));
    }

    private void putSelf(String write, int gen, Map<String, Object> rotation) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("n", displayName);
        rec.put("w", write);
        rec.put("id", self.toBytes());
        rec.put("g", (long) gen);
        if (rotation != null) {
            rec.put("rot", rotation);
        }
        store.putRecord(namespace, "self", Cbor.encode(rec));
    }

    /**
     * Moves the local member to a fresh stream (new keys: post-compromise security for what is sent from now
     * on). The last event on the old stream is an announcement of the new one; every member follows it there
     * by themselves, after handing out every event of the old stream, so nobody loses or repeats an event. The
     * member id stays the same. Crash-safe: a rotation interrupted by a crash is finished when the group is
     * next opened. Sends made after this call go to the new stream.
     *
     * @return completes once the announcement is written and sends go to the new stream
     */
    public CompletableFuture<Void> rotate() {
        return engine.write(() -> {
            String old = writeChannel;
            channels.flush(old);
            int gen = generation + 1;
            String fresh = memberStream(name, "self", gen);
            if (store.writeChannel(fresh).isEmpty()) {
                channels.createWriteChannel(fresh);
            }
            Map<String, Object> rot = new LinkedHashMap<>();
            rot.put("to", fresh);
            rot.put("at", ownStream().nextIndex().toBytes());
            putSelf(old, generation, rot);
            finishRotation();
            return null;
        });
    }

    /** Sends the announcement (unless it is already queued) and switches to the new stream. Writer thread. */
    private void finishRotation() {
        Map<?, ?> rec = decodeRecord(store.record(namespace, "self").orElseThrow());
        if (!(rec.get("rot") instanceof Map<?, ?> rot)) {
            return;
        }
        String old = (String) rec.get("w");
        String fresh = (String) rot.get("to");
        int gen = (rec.get("g") instanceof Long g ? g.intValue() : 0) + 1;
        WriteChannel next = store.writeChannel(fresh).orElseThrow(() ->
                new StoreException("group \"" + name + "\" lost the stream it rotates to"));
        channels.flush(old); // an announcement queued before a crash goes out here
        WriteChannel prev = store.writeChannel(old).orElseThrow();
        if (Arrays.equals(prev.nextIndex().toBytes(), (byte[]) rot.get("at"))) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("r", next.readCap().toBytes());
            a.put("i", next.firstIndex().toBytes());
            byte[] body = Cbor.encode(a);
            byte[] box = new byte[body.length + 1];
            box[0] = KIND_ROTATE;
            System.arraycopy(body, 0, box, 1, body.length);
            channels.send(old, box);
        }
        putSelf(fresh, gen, null);
        writeChannel = fresh;
        generation = gen;
        log.debug("group {}: rotated to stream {}", name, gen);
    }

    /** Follows members' rotation announcements (called by the engine under its lock). */
    private final class Rotations implements ReceiveEngine.Control {
        @Override
        public boolean isControl(ReceivedMessage m) {
            return m.payload().length > 0 && m.payload()[0] == KIND_ROTATE;
        }

        @Override
        public void apply(String key, ReceivedMessage m) {
            MemberId id = MemberId.fromHex(key);
            MemberRecord cur = members.get(id);
            if (cur == null || !cur.channel().equals(m.channel())) {
                return;
            }
            ReadCap cap;
            MessageBoxIndex first;
            try {
                Map<?, ?> a = (Map<?, ?>) Cbor.decode(Arrays.copyOfRange(m.payload(), 1, m.payload().length));
                cap = ReadCap.of((byte[]) a.get("r"));
                first = MessageBoxIndex.of((byte[]) a.get("i"));
            } catch (RuntimeException e) {
                log.warn("group {}: ignored a malformed rotation announcement of {}", name, id.shortId());
                return;
            }
            int gen = cur.generation() + 1;
            String fresh = memberStream(name, id.toHex(), gen);
            store.addReadChannel(fresh, cap, first);
            MemberRecord next = new MemberRecord(id, cur.displayName(), fresh, gen);
            putMember(next, cur.channel());
            members.put(id, next);
            store.deleteReadChannel(cur.channel());
            log.debug("group {}: member {} rotated to stream {}", name, id.shortId(), gen);
        }
    }

    private GroupEvent<E> decode(ReceivedMessage m) {
        MemberRecord member = null;
        for (MemberRecord r : members.values()) {
            if (r.channel().equals(m.channel())) {
                member = r;
                break;
            }
        }
        if (member == null) {
            throw new EventFormatException("an event of a channel that is no longer a member's");
        }
        byte[] p = m.payload();
        if (p[0] != KIND_EVENT) {
            throw new EventFormatException("unknown group message kind " + (p[0] & 0xff));
        }
        return new GroupEvent<>(member.id(), member.displayName(), codec.decode(Arrays.copyOfRange(p, 1, p.length)));
    }

    private MemberRecord requireMember(MemberId id) {
        MemberRecord m = members.get(Objects.requireNonNull(id, "member"));
        if (m == null) {
            throw new IllegalArgumentException(id + " is not a member of group \"" + name + "\""
                    + (id.equals(self) ? " (it is the local member)" : ""));
        }
        return m;
    }

    /**
     * Deletes the group from the store: its records, the local member's stream and every member's read
     * channel. Boxes already written stay on the replicas. The group is closed.
     */
    public void delete() {
        close();
        for (MemberRecord m : members.values()) {
            store.deleteReadChannel(m.channel());
        }
        members.clear();
        // every stream the local member ever wrote (the first and each rotation's): one left behind would be
        // taken up again by a group created later under this name, which would then write to the old stream
        String first = memberStream(name, "self", 0);
        for (String ch : store.writeChannelNames()) {
            if (ch.equals(first) || ch.startsWith(first + ":")) {
                store.deleteWriteChannel(ch);
            }
        }
        store.deleteRecord(namespace, null);
    }

    /**
     * The store's name of a member's stream in a group: {@code group:<name>:<member>} for the first,
     * {@code group:<name>:<member>:<generation>} after each rotation, where the member is {@code self} for the
     * local member's write channel and the hex member id for a read channel ({@link #delete} finds the local
     * member's streams by the first one's name as a prefix).
     */
    private static String memberStream(String name, String member, int generation) {
        String first = NAMESPACE + name + ":" + member;
        return generation == 0 ? first : first + ":" + generation;
    }

    /** Stops this group's reads (sends already handed over finish first). The store stays open. */
    @Override
    public void close() {
        engine.close();
    }

    /** Test hook: how many reads were started so far. */
    int readsStarted() {
        return engine.readsStarted();
    }

    /** Test hook: whether a read of {@code member}'s stream is in flight. */
    boolean reading(MemberId member) {
        return engine.reading(requireMember(member).channel());
    }

    @Override
    public String toString() {
        return "GroupChannel[" + name + ", " + (members.size() + 1) + " members]";
    }
}
