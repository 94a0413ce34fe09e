package dev.moniker.provider;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AWS Signature Version 4 for one {@code amazon_bedrock} entry's IAM credentials, by the AWS SDK for Java's own
 * signer ({@link AwsV4HttpSigner}): each request is signed over its method, URL, {@code host} and
 * {@code content-type} headers and its body, when it is sent (the signature carries the time).
 *
 * @param region   the region the requests go to ({@code us-west-2}), part of the signature
 * @param service  the signing name: {@code bedrock} for Bedrock's runtime API
 */
public record AwsSigning(String region, String service, Secret accessKeyId, Secret secretAccessKey,
                         Optional<Secret> sessionToken, Clock clock) {

    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    public AwsSigning(String region, Secret accessKeyId, Secret secretAccessKey, Optional<Secret> sessionToken) {
        this(region, "bedrock", accessKeyId, secretAccessKey, sessionToken, Clock.systemUTC());
    }

    /**
     * The headers that sign a request: {@code Authorization}, {@code X-Amz-Date}, {@code x-amz-content-sha256} (the
     * SDK's signer always signs the body's hash), and {@code X-Amz-Security-Token} with temporary credentials.
     */
    public Map<String, String> sign(String method, URI uri, Map<String, String> signedHeaders, byte[] body) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        signedHeaders.forEach(request::putHeader);
        AwsCredentialsIdentity identity = sessionToken.isPresent()
                ? AwsSessionCredentialsIdentity.create(accessKeyId.reveal(), secretAccessKey.reveal(),
                sessionToken.get().reveal())
                : AwsCredentialsIdentity.create(accessKeyId.reveal(), secretAccessKey.reveal());
        SignedRequest signed = SIGNER.sign(r -> r
                .identity(identity)
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        Map<String, String> added = new LinkedHashMap<>();
        signed.request().headers().forEach((name, values) -> {
            if (!signedHeaders.containsKey(name) && !name.equalsIgnoreCase("host")) {
                added.put(name, String.join(",", values));
            }
        });
        return added;
    }

    /** Names the credentials' region and service only; never the keys. */
    @Override
    public String toString() {
        return "AwsSigning[" + region + ", " + service + "]";
    }

    static List<String> headerNames(AwsSigning signing) {
        return signing.sessionToken.isPresent()
                ? List.of("Authorization (SigV4)", "X-Amz-Date", "x-amz-content-sha256", "X-Amz-Security-Token")
                : List.of("Authorization (SigV4)", "X-Amz-Date", "x-amz-content-sha256");
    }
}
