package dev.moniker;

import dev.moniker.config.ConfigLoader;
import dev.moniker.config.InvalidConfigException;
import dev.moniker.config.ValidatedConfig;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.nio.file.Path;

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
            Usage: java -jar quarkus-run.jar [serve | validate [FILE] | help]

              serve            start the gateway (the default): the file named by MONIKER_CONFIG, or the
                               embedded default; port QUARKUS_HTTP_PORT (12000)
              validate [FILE]  check a gateway file offline with the start-up validation (default: MONIKER_CONFIG,
                               or the embedded default); exit 0 if valid, 2 with every problem otherwise
              help             this text

            Documentation: docs/configuration.md, docs/operations.md""";

    public static void main(String... arguments) {
        String[] args = withoutSystemProperties(arguments);
        String command = args.length == 0 ? "serve" : args[0];
        switch (command) {
            case "validate" -> System.exit(validate(args));
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
        try {
            ValidatedConfig config = args.length > 1
                    ? ConfigLoader.load(ConfigLoader.fileOrigin(Path.of(args[1]), args[1]), System.getenv())
                    : ConfigLoader.load(System.getenv());
            System.out.printf("%s: valid (%d aliases, %d provider entries)%n", config.origin(),
                    config.routingTable().aliases().size(), config.routingTable().upstreams().size());
            config.warnings().forEach(warning -> System.out.println("  note: " + warning));
            return 0;
        } catch (InvalidConfigException invalid) {
            System.err.println(invalid.getMessage());
            return INVALID_CONFIGURATION;
        }
    }
}
