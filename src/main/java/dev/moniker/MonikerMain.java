package dev.moniker;

import dev.moniker.config.ConfigLoader;
import dev.moniker.config.InvalidConfigException;
import dev.moniker.config.ValidatedConfig;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.nio.file.Path;

/**
 * Entry point. {@code moniker validate [file]} checks a gateway file offline with the same validation the gateway
 * runs at start-up; without arguments the gateway starts. A refused configuration ends the process with status 2
 * and the list of problems on stderr, instead of a stack trace.
 */
@QuarkusMain
public class MonikerMain {

    static final int INVALID_CONFIGURATION = 2;

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("validate")) {
            System.exit(validate(args));
        }
        Quarkus.run(Gateway.class, MonikerMain::exit, args);
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
            return 0;
        } catch (InvalidConfigException invalid) {
            System.err.println(invalid.getMessage());
            return INVALID_CONFIGURATION;
        }
    }
}
