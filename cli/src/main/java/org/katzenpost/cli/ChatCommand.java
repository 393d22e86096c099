package org.katzenpost.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Callable;
import org.katzenpost.groups.GroupChannel;
import org.katzenpost.groups.GroupChat;
import org.katzenpost.groups.Introduction;
import org.katzenpost.groups.IntroductionFormatException;
import org.katzenpost.groups.Member;
import org.katzenpost.store.ChannelStore;
import org.katzenpost.store.PersistentChannels;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.ThinClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code katzen chat}: group chat rooms on Pigeonhole (see docs/groups.md). Rooms live in the channel store
 * ({@code --store}); every command opens the room from there, so a room survives restarts.
 */
@Command(name = "chat", mixinStandardHelpOptions = true, versionProvider = Katzen.Version.class,
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "Group chat on Pigeonhole: every member writes their own stream and reads everyone else's.",
            "",
            "  katzen chat create team --name alice      # prints alice's introduction",
            "  katzen chat add team KATZEN-INTRO1:...    # add bob from his introduction",
            "  katzen chat say team \"hello\"",
            "  katzen chat follow team                   # like tail -f; Ctrl-C to stop",
            "",
            "Introductions are secret (they let their holder read what you send to the room): pass them "
                    + "privately."},
        subcommands = {
            ChatCommand.Create.class,
            ChatCommand.Intro.class,
            ChatCommand.Add.class,
            ChatCommand.Say.class,
            ChatCommand.Follow.class,
            ChatCommand.Members.class,
            ChatCommand.Rooms.class,
        })
final class ChatCommand implements Runnable {
    @ParentCommand
    Katzen root;

    @Override
    public void run() {
        throw new CliException(ExitCodes.USAGE, "missing chat COMMAND (create, intro, add, say, follow, members,"
                + " rooms; see `katzen chat --help`)");
    }

    /** Per-read deadline of the mixnet reads that wait for new messages (they start again after it). */
    static final Duration READ_DEADLINE = Duration.ofMinutes(1);

    /** Shared by the subcommands: the store, and a connection when the command needs the mixnet. */
    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        ChatCommand chat;

        @Mixin
        StoreOption storeOption = new StoreOption();

        Katzen root() {
            return chat.root;
        }

        PrintWriter out() {
            return root().out();
        }

        /** Runs {@code work} with the store open and a connection to kpclientd. */
        int online(Work work) {
            Path db = storeOption.resolve(root().env);
            try (ThinClient client = root().connect(); ChannelStore store = ChannelStore.open(db)) {
                return work.run(new PersistentChannels(store, client.pigeonhole().withTimeout(READ_DEADLINE)));
            }
        }

        /** Runs {@code work} with the store open and no connection (local reads of the store only). */
        int offline(Work work) {
            Path db = storeOption.resolve(root().env);
            try (ChannelStore store = ChannelStore.open(db)) {
                return work.run(PersistentChannels.offline(store));
            }
        }

        static GroupChat open(PersistentChannels channels, String room) {
            if (!GroupChannel.groupNames(channels.store()).contains(room)) {
                throw new CliException(ExitCodes.FAILURE, "no chat room \"" + room + "\" in "
                        + channels.store().file() + " (create it with `katzen chat create " + room
                        + " --name NAME`, or pass the --store it is in)");
            }
            return GroupChat.open(channels, room);
        }

        static <T> T await(CompletableFuture<T> f) {
            try {
                return f.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
        }
    }

    @FunctionalInterface
    interface Work {
        int run(PersistentChannels channels);
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = {
        "Create a room and print your introduction (give it to the people you chat with)."})
    static final class Create extends Sub {
        @Parameters(index = "0", paramLabel = "ROOM", description = "the room's name in your store")
        String room;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "your display name")
        String name;

        @Override
        public Integer call() {
            return online(channels -> {
                try (GroupChat chat = GroupChat.create(channels, room, name)) {
                    out().println(chat.introduction().toText());
                }
                root().err().println("room \"" + room + "\" created. The line above is your introduction "
                        + "(secret): give it to each member; add theirs with `katzen chat add " + room + " INTRO`.");
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "intro", mixinStandardHelpOptions = true, description = {
        "Print your introduction to a room (from your first message, or with --from-now from your next)."})
    static final class Intro extends Sub {
        @Parameters(index = "0", paramLabel = "ROOM")
        String room;

        @Option(names = "--from-now", description = "the newcomer sees only what you send from now on")
        boolean fromNow;

        @Override
        public Integer call() {
            return offline(channels -> {
                try (GroupChat chat = open(channels, room)) {
                    Introduction i = fromNow ? chat.introductionFromNow() : chat.introduction();
                    out().println(i.toText());
                }
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = {
        "Add a member from their introduction text ('-' reads it from stdin).",
        "With --announce, also introduce them to every member in-band, and the members to them."})
    static final class Add extends Sub {
        @Parameters(index = "0", paramLabel = "ROOM")
        String room;

        @Parameters(index = "1", paramLabel = "INTRO|-", description = "an introduction (KATZEN-INTRO1:...)")
        String intro;

        @Option(names = "--announce", description = "introduce them to the room in-band (needs the mixnet)")
        boolean announce;

        @Override
        public Integer call() {
            String text = "-".equals(intro) ? readStdin() : intro;
            Introduction i;
            try {
                i = Introduction.fromText(text);
            } catch (IntroductionFormatException e) {
                throw new CliException(ExitCodes.USAGE, "that is not an introduction: " + e.getMessage());
            }
            Work w = channels -> {
                try (GroupChat chat = open(channels, room)) {
                    if (announce) {
                        await(chat.introduce(i));
                    } else {
                        chat.addMember(i);
                    }
                }
                out().println("added " + i.displayName() + " (" + i.memberId().shortId() + ")"
                        + (announce ? " and introduced them to the room" : ""));
                return ExitCodes.OK;
            };
            return announce ? online(w) : offline(w);
        }

        private String readStdin() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(root().env.stdin(),
                    StandardCharsets.UTF_8))) {
                StringBuilder sb = new StringBuilder();
                String line;
                while ((line = r.readLine()) != null) {
                    sb.append(line.strip());
                }
                return sb.toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Command(name = "say", mixinStandardHelpOptions = true, description = {
        "Send a line to the room ('-' sends each line of stdin)."})
    static final class Say extends Sub {
        @Parameters(index = "0", paramLabel = "ROOM")
        String room;

        @Parameters(index = "1..*", paramLabel = "TEXT", description = "the message (words are joined by spaces)")
        List<String> words;

        @Override
        public Integer call() {
            if (words == null || words.isEmpty()) {
                throw new CliException(ExitCodes.USAGE, "say what? (katzen chat say ROOM TEXT, or - for stdin)");
            }
            return online(channels -> {
                try (GroupChat chat = open(channels, room)) {
                    if (words.size() == 1 && "-".equals(words.get(0))) {
                        try (BufferedReader r = new BufferedReader(new InputStreamReader(root().env.stdin(),
                                StandardCharsets.UTF_8))) {
                            String line;
                            while ((line = r.readLine()) != null) {
                                if (!line.isBlank()) {
                                    await(chat.say(line));
                                }
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    } else {
                        await(chat.say(String.join(" ", words)));
                    }
                }
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "follow", mixinStandardHelpOptions = true, description = {
        "Print incoming messages as they arrive, like tail -f (Ctrl-C to stop).",
        "Each message is printed once: a message printed before is not printed again by the next follow."})
    static final class Follow extends Sub {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss")
                .withZone(ZoneId.systemDefault());

        @Parameters(index = "0", paramLabel = "ROOM")
        String room;

        @Option(names = {"-n", "--count"}, paramLabel = "N", description = "stop after N messages")
        Integer count;

        @Option(names = "--wait", paramLabel = "DURATION", converter = Katzen.DurationConverter.class,
                description = "give up after this long without a message (default: wait forever)")
        Duration wait;

        @Override
        public Integer call() {
            return online(channels -> {
                try (GroupChat chat = open(channels, room)) {
                    if (chat.members().size() < 2) {
                        throw new CliException(ExitCodes.FAILURE, "room \"" + room + "\" has no other member yet;"
                                + " add one with `katzen chat add " + room + " INTRO`");
                    }
                    int shown = 0;
                    while (count == null || shown < count) {
                        GroupChat.ChatMessage m;
                        try {
                            m = await(chat.next(wait != null ? wait : Duration.ofMinutes(10)));
                        } catch (RequestTimeoutException e) {
                            if (wait != null) {
                                throw new CliException(ExitCodes.TIMEOUT, "no message within " + wait);
                            }
                            continue;
                        }
                        print(m);
                        shown++;
                    }
                }
                return ExitCodes.OK;
            });
        }

        private void print(GroupChat.ChatMessage m) {
            String who = m.fromName() + " (" + m.from().shortId() + ")";
            if (m.kind() == GroupChat.Kind.TEXT) {
                String at = m.sentAt() == null ? "--:--:--" : TIME.format(m.sentAt());
                out().println("[" + at + "] " + who + ": " + clean(m.text()));
            } else {
                out().println("* " + who + " introduced " + clean(m.text())
                        + (m.introduced() == null ? "" : " (" + m.introduced().shortId() + ")")
                        + (m.added() ? ", now a member" : ""));
            }
            out().flush();
        }

        /** No terminal control sequences from other people. */
        private static String clean(String s) {
            StringBuilder sb = new StringBuilder(s.length());
            s.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
            return sb.toString();
        }
    }

    @Command(name = "members", mixinStandardHelpOptions = true, description = {"List the members of a room."})
    static final class Members extends Sub {
        @Parameters(index = "0", paramLabel = "ROOM")
        String room;

        @Override
        public Integer call() {
            return offline(channels -> {
                try (GroupChat chat = open(channels, room)) {
                    for (Member m : chat.members()) {
                        out().println(m.id().toHex() + "  " + m.displayName() + (m.self() ? "  (you)" : ""));
                    }
                }
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "rooms", mixinStandardHelpOptions = true, description = {"List the rooms in the store."})
    static final class Rooms extends Sub {
        @Override
        public Integer call() {
            return offline(channels -> {
                GroupChannel.groupNames(channels.store()).forEach(out()::println);
                return ExitCodes.OK;
            });
        }
    }
}
