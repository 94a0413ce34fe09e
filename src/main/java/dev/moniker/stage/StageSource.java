package dev.moniker.stage;

import java.util.List;

/**
 * Contributes stages to aliases when the runtime snapshot is built: each CDI bean implementing this is asked, in
 * bean order, for the stages of every plan (aliases, and {@code "-"} for requests that name a provider model). The
 * guardrails, usage metering and limits each plug in as one source.
 */
public interface StageSource {

    /** The stages this source adds to {@code plan}, in order; usually none. */
    List<StageFactory> stagesFor(String plan);
}
