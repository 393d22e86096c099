package org.katzenpost.groups;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.katzenpost.store.PersistentChannels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group chat on a {@link GroupChannel}: text messages, and in-band introductions so that a member can bring a
 * newcomer in without everyone exchanging introductions by hand.
 *
 * <p>Bringing Dave in: a member (Alice) gives Dave her {@link #introductionFromNow()} and gets Dave's
 * introduction; Dave {@link #addMember adds} Alice's; Alice calls {@link #introduce(Introduction)}. That adds
 * Dave on Alice's side and sends, on Alice's stream, an introduction of Dave (for the others) and one of every
 * other member (for Dave, starting where Alice reads them now). Every member who receives an introduction of
 * someone new adds them, unless {@link #acceptIntroductions(boolean)} was turned off: any member can bring
 * anyone in.
 *
 * <pre>{@code
 * GroupChat chat = GroupChat.create(channels, "room", "alice");
 * chat.say("hi all").join();
 * ChatMessage m = chat.next(Duration.ofMinutes(5)).join();
 * }</pre>
 */
public final class GroupChat implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupChat.class);
    /**
     * The longest text message, in UTF-8 bytes: {@value} (leaves room for the framing in a box of the testnet
     * size).
     */
    public static final int MAX_TEXT_BYTES = 1000;

    /** What a chat member writes to the group. */
    public sealed interface ChatEvent permits Text, Introduce {}

    /**
     * A text message.
     *
     * @param text the text
     * @param sentAt the sender's clock when they sent it (not verified)
     */
    @EventType("text")
    public record Text(String text, Instant sentAt) implements ChatEvent {
        /**
         * Checks the message; a received one without text is not an event (the codec reports it, receives skip
         * it).
         *
         * @param text the text
         * @param sentAt the sender's clock when they sent it, or null
         * @throws NullPointerException if {@code text} is null
         */
        public Text {
            Objects.requireNonNull(text, "text");
        }

        /** Shows the length, not the text. */
        @Override
        public String toString() {
            return "Text[" + text.length() + " chars]";
        }
    }

    /**
     * An in-band introduction of a member.
     *
     * @param introduction the {@link Introduction#toBytes()} of the member
     */
    @EventType("intro")
    public record Introduce(byte[] introduction) implements ChatEvent {
        /**
         * Checks the introduction is there; its content is parsed when it is used.
         *
         * @param introduction the {@link Introduction#toBytes()} of the member
         * @throws NullPointerException if {@code introduction} is null
         */
        public Introduce {
            Objects.requireNonNull(introduction, "introduction");
        }

        /** Shows the length only: the introduction holds a read cap. */
        @Override
        public String toString() {
            return "Introduce[" + introduction.length + " bytes]";
        }
    }

    /** What {@link #next} hands out. */
    public enum Kind {
        /** A text message. */
        TEXT,
        /** A member brought someone in (added here unless introductions are not accepted). */
        INTRODUCTION
    }

    /**
     * A received chat message.
     *
     * @param kind text or introduction
     * @param from who sent it
     * @param fromName the sender's display name
     * @param text the text (TEXT), or the introduced member's display name (INTRODUCTION)
     * @param sentAt the sender's clock (TEXT), or null
     * @param introduced the member introduced (INTRODUCTION), or null
     * @param added whether the introduced member was new here and has been added (INTRODUCTION)
     */
    public record ChatMessage(Kind kind, MemberId from, String fromName, String text, Instant sentAt,
            MemberId introduced, boolean added) {
        /** Shows the kind and the sender, not the text. */
        @Override
        public String toString() {
            return "ChatMessage[" + kind + " from " + from + "]";
        }
    }

    private final GroupChannel<ChatEvent> group;
    private volatile boolean acceptIntroductions = true;

    private GroupChat(GroupChannel<ChatEvent> group) {
        this.group = group;
    }

    /** The codec of chat events. */
    public static final EventCodec<ChatEvent> CODEC = CborEventCodec.of(ChatEvent.class);

    /**
     * Creates a chat room in the store.
     *
     * @param channels the persistent channels
     * @param room the room's name in this store
     * @param displayName the local member's name
     * @return the room
     */
    public static GroupChat create(PersistentChannels channels, String room, String displayName) {
        return new GroupChat(GroupChannel.create(channels, room, displayName, CODEC));
    }

    /**
     * Opens a chat room stored earlier.
     *
     * @param channels the persistent channels
     * @param room the room's name in this store
     * @return the room
     */
    public static GroupChat open(PersistentChannels channels, String room) {
        return new GroupChat(GroupChannel.open(channels, room, CODEC));
    }

    /**
     * The group underneath.
     *
     * @return the group channel
     */
    public GroupChannel<ChatEvent> group() {
        return group;
    }

    /**
     * Whether introductions received from members are acted on (default true).
     *
     * @param accept false to report them without adding anyone
     * @return this
     */
    public GroupChat acceptIntroductions(boolean accept) {
        this.acceptIntroductions = accept;
        return this;
    }

    /**
     * The local member's introduction from the first box (a newcomer reads the local member's whole history).
     *
     * @return the introduction (secret)
     */
    public Introduction introduction() {
        return group.introduction();
    }

    /**
     * The local member's introduction from the next box.
     *
     * @return the introduction (secret)
     */
    public Introduction introductionFromNow() {
        return group.introductionFromNow();
    }

    /**
     * Adds a member here only (no announcement).
     *
     * @param introduction their introduction
     * @return their id
     */
    public MemberId addMember(Introduction introduction) {
        return group.addMember(introduction);
    }

    /**
     * Brings a newcomer in: adds them here, then announces them to the others and the others to them, in-band.
     *
     * @param newcomer the newcomer's introduction
     * @return completes when the announcements are written
     */
    public CompletableFuture<Void> introduce(Introduction newcomer) {
        MemberId id = group.addMember(newcomer);
        CompletableFuture<Void> last = group.send(new Introduce(newcomer.toBytes()));
        for (Member m : group.members()) {
            if (!m.self() && !m.id().equals(id)) {
                last = group.send(new Introduce(group.introductionOf(m.id()).toBytes()));
            }
        }
        return last;
    }

    /**
     * Sends a text message.
     *
     * @param text 1 to {@value #MAX_TEXT_BYTES} UTF-8 bytes
     * @return completes when it is written
     */
    public CompletableFuture<Void> say(String text) {
        Objects.requireNonNull(text, "text");
        int n = text.getBytes(StandardCharsets.UTF_8).length;
        if (n == 0 || n > MAX_TEXT_BYTES) {
            throw new IllegalArgumentException("a message is 1 to " + MAX_TEXT_BYTES + " UTF-8 bytes, this one "
                    + n);
        }
        return group.send(new Text(text, Instant.now()));
    }

    /**
     * The next message from any member (see {@link GroupChannel#receiveAny}). An introduction adds the member
     * it names (when accepted and new) and is handed out; one of a member already known (or of the local member)
     * is skipped, unless introductions are not accepted, in which case every one is handed out.
     *
     * @param timeout how long to wait (positive)
     * @return the message; fails with {@link org.katzenpost.thin.RequestTimeoutException} at the deadline
     */
    public CompletableFuture<ChatMessage> next(Duration timeout) {
        return group.receiveAny(timeout, this::toMessage);
    }

    /**
     * The members of the room.
     *
     * @return the members, the local one first
     */
    public List<Member> members() {
        return group.members();
    }

    private ChatMessage toMessage(GroupEvent<ChatEvent> e) {
        if (e.event() instanceof Text t) {
            return new ChatMessage(Kind.TEXT, e.sender(), e.senderName(), t.text(), t.sentAt(), null, false);
        }
        Introduction intro;
        try {
            intro = Introduction.fromBytes(((Introduce) e.event()).introduction());
        } catch (IntroductionFormatException bad) {
            log.warn("group {}: {} sent an introduction that does not parse", group.name(), e.sender().shortId());
            return new ChatMessage(Kind.INTRODUCTION, e.sender(), e.senderName(), "?", null, null, false);
        }
        MemberId id = intro.memberId();
        boolean added = false;
        if (acceptIntroductions) {
            if (group.isMember(id)) {
                return null; // nothing new here (e.g. the introductions a newcomer gets of members we know)
            }
            group.addMember(intro);
            added = true;
        }
        return new ChatMessage(Kind.INTRODUCTION, e.sender(), e.senderName(), intro.displayName(), null, id, added);
    }

    /** Stops the room's reads. */
    @Override
    public void close() {
        group.close();
    }
}
