package dev.moniker.cost;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The price table's lookups, the price arithmetic and the token estimate's bounds. */
class PricingTest {

    @Test
    void versionedIdsFindTheirModelAndOnlyTheirModel() {
        assertEquals(2.50, PriceList.lookup("gpt-4o-2024-08-06").orElseThrow().inputPerMillion());
        assertEquals(0.15, PriceList.lookup("gpt-4o-mini-2024-07-18").orElseThrow().inputPerMillion());
        assertEquals(3.00, PriceList.lookup("claude-sonnet-4-20250514").orElseThrow().inputPerMillion());
        assertEquals(5.00, PriceList.lookup("claude-opus-4-5-20251101").orElseThrow().inputPerMillion());
        assertEquals(0.80, PriceList.lookup("claude-3-5-haiku-latest").orElseThrow().inputPerMillion());
        assertEquals(0.15, PriceList.lookup("openai/gpt-oss-120b").orElseThrow().inputPerMillion());
        assertFalse(PriceList.lookup("gpt-4o-audio-preview").isPresent(), "a different model is not a version");
        assertFalse(PriceList.lookup("llama3.1").isPresent());
        assertFalse(PriceList.lookup("o3-pro").isPresent());
    }

    @Test
    void anEntrysPricingWinsAndPoolEndpointsShareIt() {
        Price own = new Price(1, 2, OptionalLong.empty());
        Prices prices = new Prices(Map.of("my-gpt", own));
        assertEquals(own, prices.of("my-gpt", "gpt-4o").orElseThrow());
        assertEquals(own, prices.of("my-gpt@2", "gpt-4o").orElseThrow());
        assertEquals(2.50, prices.of("other", "gpt-4o").orElseThrow().inputPerMillion());
    }

    @Test
    void priceArithmetic() {
        Price gpt4o = PriceList.lookup("gpt-4o").orElseThrow();
        assertEquals(0.0225, gpt4o.cost(1000, 2000), 1e-12);
        assertEquals(4_997, gpt4o.outputTokensWithin(0.05, 10)); // (0.05 - 0.000025) / 0.00001
        assertEquals(-1, gpt4o.outputTokensWithin(0.001, 1000));
        assertEquals(Long.MAX_VALUE, new Price(1, 0, OptionalLong.empty()).outputTokensWithin(1, 10));
    }

    @Test
    void theEstimateCountsOpenAiModelsExactlyAddsAMarginForOthersAndNeverExceedsTheBound() {
        TokenEstimator estimator = TokenEstimator.load();
        assertEquals(2, estimator.count("Hello world"));
        List<String> texts = List.of("You are terse.", "Summarise: the quick brown fox jumps over the lazy dog. "
                + "Ünïcödé and emoji 🦊 count too.");
        long exact = estimator.estimate(texts, "gpt-4o");
        assertEquals(estimator.count(texts.get(0)) + estimator.count(texts.get(1)) + 2 * TokenEstimator.PER_MESSAGE,
                exact);
        long claude = estimator.estimate(texts, "claude-sonnet-4-5");
        assertEquals(exact + (exact * TokenEstimator.OTHER_MARGIN_PERCENT + 99) / 100, claude);
        assertTrue(TokenEstimator.upperBound(texts) >= claude);
        assertTrue(TokenEstimator.countedExactly("o3-mini") && TokenEstimator.countedExactly("openai/gpt-oss-20b"));
        assertFalse(TokenEstimator.countedExactly("gpt-4-turbo") || TokenEstimator.countedExactly("omni-x"));
    }
}
