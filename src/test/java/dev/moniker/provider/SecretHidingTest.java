package dev.moniker.provider;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Keys and header values never show in the text of the objects that carry them. */
class SecretHidingTest {

    @Test
    void upstreamAndSecretPrintNoKeys() {
        Upstream upstream = new Upstream("openai/gpt-4o", ProviderKind.OPENAI, "openai", "gpt-4o", Optional.empty(),
                URI.create("https://api.openai.com/v1"), Optional.of(new Secret("sk-live-abcdef")),
                Map.of("X-Org-Token", "tok-secret-123"), false, Optional.empty(), false);
        String text = upstream + " " + upstream.key().get();
        assertFalse(text.contains("sk-live-abcdef"), text);
        assertFalse(text.contains("tok-secret-123"), text);
        assertEquals("Upstream[openai/gpt-4o, openai, openai/gpt-4o, headers=[X-Org-Token]]", upstream.toString());
    }
}
