package dev.moniker;

import dev.moniker.config.ConfigLoader;
import dev.moniker.config.InvalidConfigException;
import dev.moniker.config.ValidatedConfig;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point: {@code serve} (the default) starts the gateway; {@code validate [file]} checks a gateway file offline
 * with the same validation the gateway runs at start-up; {@code help} prints usage; anything else is a usage error
 * (status 2) and never starts a server. A refused configuration ends the process with status 2 and the list of
 * problems on stderr, instead of a stack trace.
 */
@QuarkusMain
public class MonikerMain {

    static final int INVALID_CONFIGURATION = 2;

    static final int USAGE = 2;

    static final String HELP = """
            Usage: java -jar quarkus-run.jar [serve | validate [--no-secrets] [FILE] | explain [FILE] MODEL | help]

              serve            start the gateway (the default): the file named by MONIKER_CONFIG, or the
                               embedded default; port QUARKUS_HTTP_PORT (12000)
              validate [FILE]  check a gateway file offline with the start-up validation (default: MONIKER_CONFIG,
                               or the embedded default) and print each alias's plan; exit 0 if valid, 2 with every
                               problem otherwise. --no-secrets: unset $VARIABLES are noted, not errors (for CI)
              explain [FILE] MODEL
                               how MODEL (an alias, instance name or provider model) resolves: the plan, each
                               target's provider entry, upstream URL, header names (never values) and price;
                               needs no secrets
              help             this text

            Documentation: docs/configuration.md, docs/operations.md""";

    public static void main(String... arguments) {
        String[] args = withoutSystemProperties(arguments);
        String command = args.length == 0 ? "serve" : args[0];
        switch (command) {
            case "validate" -> System.exit(validate(args));
            case "explain" -> System.exit(explain(args));
            case "help", "--help", "-h" -> {
                System.out.println(HELP);
                System.exit(0);
            }
            case "serve" -> Quarkus.run(Gateway.class, MonikerMain::exit);
            default -> {
                // Never start a public server on a mistyped command line.
                System.err.println("moniker: unknown command or option '" + command + "'\n" + HELP);
                System.exit(USAGE);
            }
        }
    }

    /**
     * {@code -Dname=value} arguments (as the native images' entry point passes them) set system properties, as the
     * JVM's own would; what remains is the command line proper.
     */
    private static String[] withoutSystemProperties(String[] arguments) {
        java.util.List<String> rest = new java.util.ArrayList<>();
        for (String argument : arguments) {
            if (argument.startsWith("-D") && argument.contains("=")) {
                int equals = argument.indexOf('=');
                System.setProperty(argument.substring(2, equals), argument.substring(equals + 1));
            } else {
                rest.add(argument);
            }
        }
        return rest.toArray(String[]::new);
    }

    /**
     * Keeps the gateway serving until it is asked to stop. SIGTERM (what Kubernetes and Knative send) and SIGINT
     * start Quarkus' graceful shutdown (stop accepting, let requests and streams in flight finish for up to
     * {@code quarkus.shutdown.timeout}) and end with status 0: left to the JVM, a signal ends the process with 143
     * even after a clean drain.
     */
    public static class Gateway implements QuarkusApplication {
        @Override
        public int run(String... args) {
            for (String name : new String[]{"TERM", "INT"}) {
                try {
                    sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> Quarkus.asyncExit(0));
                } catch (IllegalArgumentException unavailable) {
                    // the platform has no such signal: the JVM's default handling stays
                }
            }
            Quarkus.waitForExit();
            return 0;
        }
    }

    private static void exit(int status, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidConfigException invalid) {
                System.err.println("moniker: " + invalid.getMessage());
                System.err.println("moniker: not started (fix the configuration, or check it with `validate`)");
                System.exit(INVALID_CONFIGURATION);
            }
        }
        if (failure != null) {
            // Quarkus' own handler would name the cause; this one replaced it, so it must say it too.
            Throwable root = failure;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            System.err.println("moniker: not started: " + (root.getMessage() != null ? root.getMessage()
                    : root.getClass().getSimpleName()));
        }
        System.exit(failure != null && status == 0 ? 1 : status);
    }

    private static int validate(String... args) {
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        boolean noSecrets = rest.remove("--no-secrets");
        if (rest.size() > 1 || rest.stream().anyMatch(a -> a.startsWith("-"))) {
            System.err.println("moniker: validate takes [--no-secrets] [FILE]\n" + HELP);
            return USAGE;
        }
        try {
            List<String> notes = new ArrayList<>();
            ValidatedConfig config = load(rest.isEmpty() ? null : rest.get(0), noSecrets, notes);
            System.out.printf("%s: valid (%d aliases, %d provider entries)%n", config.origin(),
                    config.routingTable().aliases().size(), config.routingTable().upstreams().size());
            notes.forEach(note -> System.out.println("  note: " + note));
            config.warnings().forEach(warning -> System.out.println("  note: " + warning));
            new Explainer(config).plans().forEach(line -> System.out.println("  " + line));
            return 0;
        } catch (InvalidConfigException invalid) {
            System.err.println(invalid.getMessage());
            return INVALID_CONFIGURATION;
        }
    }

    /** {@code explain [FILE] MODEL}: how a model name resolves, with no secrets needed. */
    private static int explain(String... args) {
        if (args.length < 2 || args.length > 3 || args[args.length - 1].startsWith("-")) {
            System.err.println("moniker: explain takes [FILE] MODEL\n" + HELP);
            return USAGE;
        }
        try {
            List<String> notes = new ArrayList<>();
            ValidatedConfig config = load(args.length == 3 ? args[1] : null, true, notes);
            StringBuilder why = new StringBuilder();
            java.util.Optional<List<String>> lines = new Explainer(config).explain(args[args.length - 1], why);
            if (lines.isEmpty()) {
                System.err.println("moniker: " + why);
                return 1;
            }
            lines.get().forEach(System.out::println);
            notes.forEach(note -> System.out.println("  note: " + note));
            return 0;
        } catch (InvalidConfigException invalid) {
            System.err.println(invalid.getMessage());
            return INVALID_CONFIGURATION;
        }
    }

    private static ValidatedConfig load(String file, boolean noSecrets, List<String> notes) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        if (file != null) {
            environment.put(ConfigLoader.LOCATION_VARIABLE, file);
        }
        ConfigLoader.Origin origin = file != null ? ConfigLoader.fileOrigin(Path.of(file), file)
                : ConfigLoader.locate(environment);
        return ConfigLoader.load(origin, noSecrets ? ConfigLoader.withPlaceholders(origin, environment, notes)
                : environment);
    }
}
