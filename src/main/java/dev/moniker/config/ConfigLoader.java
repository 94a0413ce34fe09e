package dev.moniker.config;

import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.source.yaml.YamlConfigSource;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the gateway file at run time and hands it to {@link ConfigValidator}.
 *
 * <p>The file is named by {@code MONIKER_CONFIG}; when that is unset an embedded default configuration is used. The
 * file is bound through a private SmallRye Config holding only that file, never through
 * {@code quarkus.config.locations}: that would make the build read the file and bake its values, keys included,
 * into the application. Expression expansion is off on purpose: {@code ${NAME}} in {@code access_key} is resolved by
 * the validator, which knows the entry to name when the variable is unset.
 */
public final class ConfigLoader {

    public static final String LOCATION_VARIABLE = "MONIKER_CONFIG";
    static final String EMBEDDED_DEFAULT = "moniker-default.yaml";

    private static final Logger LOG = Logger.getLogger(ConfigLoader.class);

    private ConfigLoader() {
    }

    /** Where the configuration comes from. */
    public record Origin(URL url, String description, boolean embedded) {
    }

    /** Locates, reads and validates the configuration; throws {@link InvalidConfigException} on any problem. */
    public static ValidatedConfig load(Map<String, String> environment) {
        Origin origin = locate(environment);
        return load(origin, environment);
    }

    /** Reads and validates the given file, as the offline {@code validate} command does. */
    public static ValidatedConfig load(Origin origin, Map<String, String> environment) {
        List<String> notUsed = new ArrayList<>();
        List<String> keyProblems = new ArrayList<>();
        ValidatedConfig validated;
        try {
            GatewayFile file = bind(origin, notUsed, keyProblems);
            validated = ConfigValidator.validate(file, environment, origin.embedded(), origin.description());
        } catch (InvalidConfigException invalid) {
            throw keyProblems.isEmpty() ? invalid
                    : new InvalidConfigException(origin.description(), onePass(keyProblems, invalid.problems()));
        }
        if (!keyProblems.isEmpty()) {
            throw new InvalidConfigException(origin.description(), keyProblems);
        }
        List<String> warnings = new ArrayList<>(notUsed);
        warnings.addAll(validated.warnings());
        warnings.forEach(LOG::warn);
        return new ValidatedConfig(validated.routingTable(), validated.guardrails(), validated.promptGuard(),
                validated.prices(), validated.limits(), validated.breakers(), validated.clientKeys(), validated.storage(),
                List.copyOf(warnings), validated.origin());
    }

    /**
     * For checking a file without its secrets ({@code validate --no-secrets}, {@code explain}): {@code environment}
     * plus a placeholder for every {@code $NAME} the file references that is unset, each noted in {@code notes}.
     */
    public static Map<String, String> withPlaceholders(Origin origin, Map<String, String> environment,
                                                       List<String> notes) {
        Map<String, String> filled = new java.util.HashMap<>(environment);
        try (java.io.InputStream in = origin.url().openStream()) {
            java.util.regex.Matcher m = ProviderEntries.ENV_REFERENCE.matcher(
                    new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(2);
                String value = filled.get(name);
                if (value == null || value.isBlank()) {
                    // Shaped to pass every check a real value must pass (long enough for a client key, a URL).
                    filled.put(name, "redis://moniker-placeholder.invalid:6379/" + name);
                    notes.add(name + " is not set: a placeholder stands in (--no-secrets)");
                }
            }
        } catch (IOException e) {
            // the load that follows names the problem
        }
        return filled;
    }

    public static Origin locate(Map<String, String> environment) {
        String location = environment.get(LOCATION_VARIABLE);
        if (location == null || location.isBlank()) {
            URL embedded = ConfigLoader.class.getClassLoader().getResource(EMBEDDED_DEFAULT);
            if (embedded == null) {
                throw new IllegalStateException("embedded default configuration " + EMBEDDED_DEFAULT + " is missing");
            }
            return new Origin(embedded, "the embedded default configuration (" + LOCATION_VARIABLE + " is unset)", true);
        }
        return fileOrigin(Path.of(location), LOCATION_VARIABLE + "=" + location);
    }

    public static Origin fileOrigin(Path path, String description) {
        // SmallRye Config silently skips a missing file; a gateway started without its routes must not serve.
        if (!Files.isRegularFile(path)) {
            throw new InvalidConfigException(description,
                    List.of("configuration file " + path + " does not exist or is not a regular file"));
        }
        if (!Files.isReadable(path)) {
            throw new InvalidConfigException(description, List.of("configuration file " + path + " is not readable"));
        }
        try {
            return new Origin(path.toUri().toURL(), path.toString(), false);
        } catch (IOException e) {
            throw new InvalidConfigException(description, List.of("cannot read " + path + ": " + e.getMessage()));
        }
    }

    /**
     * Every problem of a file in one pass: its unknown keys, then the problems the validator found, without those a
     * mistyped key causes (a problem under the object that holds an unknown key is its cascade, not news).
     */
    static List<String> onePass(List<String> keyProblems, List<String> semantic) {
        List<String> parents = new ArrayList<>();
        for (String problem : keyProblems) {
            String path = problem.substring(0, Math.max(0, problem.indexOf(':')));
            int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
            if (cut > 0) {
                parents.add(path.substring(0, cut));
            }
        }
        List<String> all = new ArrayList<>(keyProblems);
        for (String problem : semantic) {
            boolean cascade = parents.stream().anyMatch(parent -> problem.startsWith(parent + ".")
                    || problem.startsWith(parent + ":") || problem.startsWith(parent + "["));
            if (!cascade && !all.contains(problem)) {
                all.add(problem);
            }
        }
        return all;
    }

    /**
     * Binds the file; keys accepted and not used are added to {@code notUsed}, one line each with why; unknown keys
     * to {@code keyProblems} (the file is bound anyway, so the validator can report everything else in the same pass).
     */
    static GatewayFile bind(Origin origin, List<String> notUsed, List<String> keyProblems) {
        YamlConfigSource source;
        try {
            source = new YamlConfigSource(origin.url(), 100);
        } catch (IOException | RuntimeException e) {
            throw new InvalidConfigException(origin.description(),
                    List.of("not a readable YAML file: " + firstLine(e.getMessage())));
        }
        KnownKeys.Report keys = KnownKeys.check(source);
        keyProblems.addAll(keys.problems());
        keys.descriptive().forEach(LOG::info);
        notUsed.addAll(keys.notUsed());
        try {
            SmallRyeConfig config = new SmallRyeConfigBuilder()
                    .withSources(source)
                    .withMapping(GatewayFile.class, "")
                    .withValidateUnknown(false) // KnownKeys already checked every key, with better messages
                    .build();
            return config.getConfigMapping(GatewayFile.class, "");
        } catch (ConfigValidationException e) {
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < e.getProblemCount(); i++) {
                problems.add(firstLine(e.getProblem(i).getMessage()));
            }
            throw new InvalidConfigException(origin.description(), problems);
        } catch (RuntimeException e) {
            throw new InvalidConfigException(origin.description(), List.of(firstLine(e.getMessage())));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
