package org.katzenpost.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Runs a command line through picocli: every one that {@link Katzen#plainStatus} does not take. All of the tool's
 * code that names picocli's types, other than annotations and the commands' own converters, is here, so the plain
 * {@code status} way never loads picocli (docs/performance.md, "CLI start-up").
 *
 * <p>It implements one of picocli's interfaces on purpose: that keeps this class out of the start-up cache
 * (picocli's class files are of Java 5's version, which the cache leaves out, and with them every class whose
 * supertype is one of them). A class in the cache is linked when the JVM starts, and linking this one would load
 * the picocli types its code names, for every command. For the same reason it has no lambdas and no nested class
 * with lambdas: the cache writer crashes on a resolved lambda whose nest host it left out; the command table is
 * {@link Commands}.
 */
final class CommandParser implements CommandLine.IExecutionStrategy {
    private final Katzen root;

    private CommandParser(Katzen root) {
        this.root = root;
    }

    /** Sets up logging from the parsed options, then runs the command picocli chose, as {@link CommandLine.RunLast}. */
    @Override
    public int execute(CommandLine.ParseResult parseResult) {
        root.configureLogging();
        return new CommandLine.RunLast().execute(parseResult);
    }

    /**
     * Parses {@code args} with {@code root} as the top command and runs what they name.
     *
     * @return the exit code
     */
    static int execute(Katzen root, PrintWriter out, PrintWriter err, String[] args) {
        CommandLine cl = new CommandLine(root);
        // Only the command being run is modelled: picocli reads each command's annotations by reflection, which
        // for all ten took most of a short command's start-up (docs/performance.md, "CLI start-up").
        String only = Commands.commandNamed(args);
        for (Map.Entry<String, Supplier<Object>> c : Commands.COMMANDS.entrySet()) {
            if (only == null || only.equals(c.getKey())) {
                cl.addSubcommand(c.getKey(), c.getValue().get());
            }
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().usageMessage().footer().length == 0) {
                sub.getCommandSpec().usageMessage().footer("",
                        "Exit codes: 0 ok, 1 failure, 2 usage error, 3 kpclientd unreachable, 4 timeout,",
                        "5 mixnet offline. Manual: docs/cli.md");
            }
        }
        // Classes, not lambdas, for picocli's interfaces: picocli's class files are of Java 5's version, and a
        // lambda of such an interface stops the JDK 24+ start-up cache from being made (docs/cli.md#start-up).
        cl.setExecutionStrategy(new CommandParser(root));
        cl.setParameterExceptionHandler(new CommandLine.IParameterExceptionHandler() {
            @Override
            public int handleParseException(CommandLine.ParameterException ex, String[] a) {
                PrintWriter w = ex.getCommandLine().getErr();
                w.println("katzen: " + ex.getMessage());
                w.println("Try `" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help`.");
                w.flush();
                return ExitCodes.USAGE;
            }
        });
        cl.setExecutionExceptionHandler(new CommandLine.IExecutionExceptionHandler() {
            @Override
            public int handleExecutionException(Exception ex, CommandLine commandLine,
                    CommandLine.ParseResult parseResult) {
                return root.reportFailure(ex);
            }
        });
        return cl.execute(args);
    }

    /** What {@code katzen} alone says: a usage error, as picocli reports it. */
    static RuntimeException missingCommand(CommandLine.Model.CommandSpec spec) {
        return new CommandLine.ParameterException(spec.commandLine(), "missing COMMAND (try `katzen demo`)");
    }
}
