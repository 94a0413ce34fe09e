package dev.moniker.support;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;

import java.net.URL;

/** The official SDKs pointed at a gateway under test, without retries (a test sees every answer). */
public final class Sdks {

    private Sdks() {
    }

    /** @param gateway the gateway's root URL ({@code @TestHTTPResource("/")}) */
    public static OpenAIClient openAi(URL gateway) {
        return OpenAIOkHttpClient.builder().baseUrl(root(gateway) + "/v1").apiKey("k").maxRetries(0).build();
    }

    public static AnthropicClient anthropic(URL gateway) {
        return AnthropicOkHttpClient.builder().baseUrl(root(gateway)).apiKey("k").maxRetries(0).build();
    }

    private static String root(URL gateway) {
        return gateway.toString().replaceAll("/$", "");
    }
}
