package dev.moniker.config;

import dev.moniker.provider.Upstream;
import dev.moniker.routing.RoutingTable;
import dev.moniker.wire.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code amazon_bedrock} entries: Plano's form as its demos write it, and the {@code aws_credentials} extension. */
class BedrockConfigTest {

    @TempDir
    Path dir;

    private static final Map<String, String> ENV = Map.of("AWS_BEARER_TOKEN_BEDROCK", "bedrock-key",
            "AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret-example");

    private ValidatedConfig load(String yaml) throws IOException {
        Path file = dir.resolve("moniker.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(ConfigLoader.fileOrigin(file, file.toString()), ENV);
    }

    private List<String> problems(String yaml) {
        return assertThrows(InvalidConfigException.class, () -> load(yaml)).problems();
    }

    private static Upstream served(RoutingTable table, String alias) {
        return table.resolve(alias).route().orElseThrow().target().upstream();
    }

    @Test
    void planosDemoEntriesLoadAndTheirColonModelIdsReachThePath() throws IOException {
        // katanemo/plano demos/llm_routing/model_alias_routing/config_with_aliases.yaml
        RoutingTable table = load("""
                model_providers:
                  - model: amazon_bedrock/us.amazon.nova-premier-v1:0
                    access_key: $AWS_BEARER_TOKEN_BEDROCK
                    base_url: https://bedrock-runtime.us-west-2.amazonaws.com
                model_aliases:
                  arch.premier.v1:
                    target: us.amazon.nova-premier-v1:0
                """).routingTable();
        Upstream bedrock = served(table, "arch.premier.v1");
        assertEquals("bedrock-key", bedrock.key().orElseThrow().reveal());
        assertEquals("https://bedrock-runtime.us-west-2.amazonaws.com/model/us.amazon.nova-premier-v1%3A0/converse",
                bedrock.requestUrl("us.amazon.nova-premier-v1:0", Operation.CHAT));
        assertEquals("https://bedrock-runtime.us-west-2.amazonaws.com/model/us.amazon.nova-premier-v1%3A0/converse-stream",
                bedrock.requestUrl("us.amazon.nova-premier-v1:0", Operation.CHAT, true));
    }

    @Test
    void iamCredentialsTakeTheRegionFromTheBaseUrl() throws IOException {
        RoutingTable table = load("""
                model_providers:
                  - model: amazon_bedrock/anthropic.claude-3-haiku-20240307-v1:0
                    base_url: https://bedrock-runtime.eu-central-1.amazonaws.com
                    aws_credentials:
                      access_key_id: $AWS_ACCESS_KEY_ID
                      secret_access_key: $AWS_SECRET_ACCESS_KEY
                model_aliases:
                  haiku:
                    target: anthropic.claude-3-haiku-20240307-v1:0
                """).routingTable();
        Upstream bedrock = served(table, "haiku");
        assertEquals("eu-central-1", bedrock.aws().orElseThrow().region());
        assertEquals("AKIAEXAMPLE", bedrock.aws().orElseThrow().accessKeyId().reveal());
        assertTrue(bedrock.key().isEmpty());
    }

    @Test
    void badBedrockEntriesAreRefusedNamingTheKey() {
        assertEquals(List.of("model_providers[0].aws_credentials: only amazon_bedrock entries sign with AWS credentials"),
                problems("""
                        model_providers:
                          - model: openai/gpt-4o
                            access_key: sk-x
                            aws_credentials: {access_key_id: a, secret_access_key: b, region: us-east-1}
                        """));
        assertEquals(List.of("model_providers[0].aws_credentials: give access_key (a Bedrock API key) or "
                + "aws_credentials (an IAM key), not both"), problems("""
                        model_providers:
                          - model: amazon_bedrock/amazon.titan-text-express-v1
                            access_key: k
                            base_url: https://bedrock-runtime.us-east-1.amazonaws.com
                            aws_credentials: {access_key_id: a, secret_access_key: b}
                        """));
        List<String> noRegion = problems("""
                model_providers:
                  - model: amazon_bedrock/amazon.titan-text-express-v1
                    base_url: https://bedrock.internal.example.com
                    aws_credentials: {access_key_id: a}
                """);
        assertTrue(noRegion.contains("model_providers[0].aws_credentials.region: required when base_url is not "
                + "https://bedrock-runtime.<region>.amazonaws.com"), noRegion.toString());
        assertTrue(noRegion.contains("model_providers[0].aws_credentials.secret_access_key: required"), noRegion.toString());
        assertEquals(List.of("model_providers[0].base_url: required for provider amazon_bedrock"), problems("""
                model_providers:
                  - model: amazon_bedrock/amazon.titan-text-express-v1
                    access_key: k
                """));
        List<String> typo = problems("""
                model_providers:
                  - model: amazon_bedrock/amazon.titan-text-express-v1
                    base_url: https://bedrock-runtime.us-east-1.amazonaws.com
                    aws_credentials: {access_key_id: a, secret_key: b}
                """);
        assertTrue(typo.stream().anyMatch(p -> p.startsWith("model_providers[0].aws_credentials.secret_key: unknown key")),
                typo.toString());
    }
}
