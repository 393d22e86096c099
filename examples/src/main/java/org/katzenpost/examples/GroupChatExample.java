package org.katzenpost.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.katzenpost.groups.GroupChat;
import org.katzenpost.groups.Introduction;
import org.katzenpost.store.ChannelStore;
import org.katzenpost.store.PersistentChannels;
import org.katzenpost.thin.ThinClient;

/**
 * A group chat on Pigeonhole (docs/groups.md): Alice, Bob and Carol exchange introductions and talk; Alice
 * brings Dave in with an in-band introduction, so Bob and Carol never swap introductions with him; Alice then
 * rotates to a fresh stream and everyone follows. Each member has their own crash-safe store (in a temporary
 * folder here); they share one connection to kpclientd for brevity.
 *
 * <pre>
 * ./mvnw -q -pl examples exec:java -Dexec.mainClass=org.katzenpost.examples.GroupChatExample
 * ./mvnw -q -pl examples exec:java -Dexec.mainClass=org.katzenpost.examples.GroupChatExample \
 *     -Dexec.args="--config /tmp/kpnet/client/thinclient.toml"
 * </pre>
 */
public final class GroupChatExample {
    private GroupChatExample() {}

    /**
     * Runs the example.
     *
     * @param args {@code --config PATH} for a real kpclientd, else the simulator
     */
    public static void main(String[] args) {
        Duration wait = Duration.ofMinutes(3);
        Path dir = tempDir();
        List<ChannelStore> stores = new ArrayList<>();
        Map<String, GroupChat> chat = new LinkedHashMap<>();
        try (Mixnet net = Mixnet.connect(args)) {
            ThinClient client = net.client();
            for (String who : List.of("alice", "bob", "carol", "dave")) {
                ChannelStore store = ChannelStore.open(dir.resolve(who + ".db"));
                stores.add(store);
                PersistentChannels channels = new PersistentChannels(store, client.pigeonhole().withTimeout(wait));
                chat.put(who, GroupChat.create(channels, "book-club", who));
            }
            GroupChat alice = chat.get("alice");
            GroupChat bob = chat.get("bob");
            GroupChat carol = chat.get("carol");
            GroupChat dave = chat.get("dave");

            // out of band (a QR code, a message): each of the three gives the others an introduction text
            for (GroupChat x : List.of(alice, bob, carol)) {
                for (GroupChat y : List.of(alice, bob, carol)) {
                    if (x != y) {
                        x.addMember(Introduction.fromText(y.introduction().toText()));
                    }
                }
            }
            System.out.println("alice's introduction (secret; fits a QR code): "
                    + alice.introduction().toText().length() + " characters");

            alice.say("Next book: Dune?").join();
            bob.say("Yes!").join();
            show("carol", carol, 2, wait);
            show("alice", alice, 1, wait);

            // Dave meets only Alice; she brings him in, in-band
            dave.addMember(Introduction.fromText(alice.introductionFromNow().toText()));
            alice.introduce(Introduction.fromText(dave.introduction().toText())).join();
            show("dave", dave, 2, wait);     // alice's introductions of bob and carol
            show("bob", bob, 2, wait);       // alice's first message, then her introduction of dave
            show("carol", carol, 1, wait);   // alice's introduction of dave
            dave.say("Hello book club, I'm Dave").join();
            for (GroupChat x : List.of(alice, bob, carol)) {
                show(x == alice ? "alice" : x == bob ? "bob" : "carol", x, 1, wait);
            }

            // Alice moves to a fresh stream (new keys); the others follow without noticing
            alice.group().rotate().join();
            alice.say("(said on my new stream)").join();
            show("bob", bob, 1, wait);
            show("dave", dave, 1, wait);
        } finally {
            chat.values().forEach(GroupChat::close);
            stores.forEach(ChannelStore::close);
            deleteQuietly(dir);
        }
    }

    private static void show(String who, GroupChat chat, int n, Duration wait) {
        for (int i = 0; i < n; i++) {
            GroupChat.ChatMessage m = chat.next(wait).join();
            if (m.kind() == GroupChat.Kind.TEXT) {
                System.out.printf("[%-5s] %s: %s%n", who, m.fromName(), m.text());
            } else {
                System.out.printf("[%-5s] * %s introduced %s%s%n", who, m.fromName(), m.text(),
                        m.added() ? " (added)" : "");
            }
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("katzen-group-chat");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder: the OS cleans it up eventually
        }
    }
}
