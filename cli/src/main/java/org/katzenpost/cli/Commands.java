package org.katzenpost.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The commands, in the order of {@code katzen --help}, for {@link CommandParser}. Made on first use: a plain
 * {@code status} never needs them, nor the picocli classes they bring.
 */
final class Commands {
    private Commands() {}

    static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("status", StatusCommand::new);
        COMMANDS.put("pki", PkiCommand::new);
        COMMANDS.put("authorities", AuthoritiesCommand::new);
        COMMANDS.put("services", ServicesCommand::new);
        COMMANDS.put("ping", PingCommand::new);
        COMMANDS.put("send", SendCommand::new);
        COMMANDS.put("genkey", GenkeyCommand::new);
        COMMANDS.put("receive", ReceiveCommand::new);
        COMMANDS.put("demo", DemoCommand::new);
        COMMANDS.put("chat", ChatCommand::new);
        COMMANDS.put("help", new Supplier<>() { // a class, not a lambda: see the handlers in CommandParser.execute
            @Override
            public Object get() {
                return new CommandLine.HelpCommand();
            }
        });
    }

    /**
     * The command {@code args} run, when it is one of ours and needs no other: the first word that is neither an
     * option nor the value of {@code --config} or {@code --timeout}. {@code null} (model every command) for
     * {@code help}, for no command (root help, version, usage errors) and for anything unrecognised, so picocli's
     * messages, suggestions included, stay what they were.
     */
    static String commandNamed(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--config") || a.equals("--timeout")) {
                i++;
            } else if (a.equals("--")) {
                return null;
            } else if (!a.startsWith("-")) {
                return COMMANDS.containsKey(a) && !a.equals("help") ? a : null;
            }
        }
        return null;
    }
}
