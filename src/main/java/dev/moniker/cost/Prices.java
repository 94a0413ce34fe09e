package dev.moniker.cost;

import java.util.Map;
import java.util.Optional;

/**
 * Prices as the configuration decides them: an entry's own {@code pricing} first, else the {@link PriceList} price
 * of the model id. Immutable; built once with the configuration.
 */
public final class Prices {

    public static final Prices LIST_ONLY = new Prices(Map.of());

    private final Map<String, Price> byEntry;

    /** @param byEntry the {@code pricing} of provider entries, by entry id */
    public Prices(Map<String, Price> byEntry) {
        this.byEntry = Map.copyOf(byEntry);
    }

    /**
     * The price of {@code modelId} served by entry {@code entryId}. The endpoints of a load-balanced pool are
     * entries derived from one configured entry ({@code id@2}) and share its price.
     */
    public Optional<Price> of(String entryId, String modelId) {
        Price own = byEntry.get(entryId);
        int at = entryId.lastIndexOf('@');
        if (own == null && at > 0) {
            own = byEntry.get(entryId.substring(0, at));
        }
        return own != null ? Optional.of(own) : PriceList.lookup(modelId);
    }
}
