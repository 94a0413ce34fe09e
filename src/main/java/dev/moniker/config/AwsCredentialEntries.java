package dev.moniker.config;

import dev.moniker.provider.AwsSigning;
import dev.moniker.provider.ProviderKind;
import dev.moniker.provider.Secret;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Validates an entry's {@code aws_credentials} (Moniker extension) into the signing its requests get. */
final class AwsCredentialEntries {

    private AwsCredentialEntries() {
    }

    /** {@code bedrock-runtime.us-west-2.amazonaws.com} (and its FIPS form): the region a Bedrock URL names. */
    private static final Pattern BEDROCK_HOST = Pattern.compile("bedrock-runtime(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com");

    /**
     * {@code aws_credentials}: an {@code amazon_bedrock} entry's IAM key, which signs each request (SigV4) instead of
     * a Bedrock API key in {@code access_key}. The region comes from {@code region}, else from the base URL's host.
     */
    static Optional<AwsSigning> signing(String path, ProviderKind kind, GatewayFile.ProviderEntry entry, URI endpoint,
                                        List<String> problems, BiFunction<String, String, Optional<Secret>> secret) {
        if (entry.awsCredentials().isEmpty()) {
            return Optional.empty();
        }
        String at = path + ".aws_credentials";
        if (kind != ProviderKind.AMAZON_BEDROCK) {
            problems.add(at + ": only amazon_bedrock entries sign with AWS credentials");
            return Optional.empty();
        }
        if (entry.accessKey().isPresent()) {
            problems.add(at + ": give access_key (a Bedrock API key) or aws_credentials (an IAM key), not both");
            return Optional.empty();
        }
        GatewayFile.AwsCredentialsEntry credentials = entry.awsCredentials().get();
        Optional<String> region = credentials.region().map(String::trim).filter(r -> !r.isEmpty()).or(() -> {
            Matcher host = endpoint == null ? null : BEDROCK_HOST.matcher(String.valueOf(endpoint.getHost()));
            return host != null && host.matches() ? Optional.of(host.group(1)) : Optional.empty();
        });
        if (region.isEmpty()) {
            problems.add(at + ".region: required when base_url is not https://bedrock-runtime.<region>.amazonaws.com");
        }
        Optional<Secret> id = required(at + ".access_key_id", credentials.accessKeyId(), problems, secret);
        Optional<Secret> key = required(at + ".secret_access_key", credentials.secretAccessKey(), problems, secret);
        Optional<Secret> token = credentials.sessionToken().flatMap(v -> secret.apply(at + ".session_token", v));
        if (region.isEmpty() || id.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AwsSigning(region.get(), id.get(), key.get(), token));
    }

    private static Optional<Secret> required(String keyPath, Optional<String> value, List<String> problems,
                                             BiFunction<String, String, Optional<Secret>> secret) {
        if (value.isEmpty() || value.get().isBlank()) {
            problems.add(keyPath + ": required");
            return Optional.empty();
        }
        return secret.apply(keyPath, value.get());
    }

}
