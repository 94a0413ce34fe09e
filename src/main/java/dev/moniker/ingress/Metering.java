package dev.moniker.ingress;

import dev.moniker.wire.UsageScan;

/**
 * What one exchange records about itself as it goes: the token usage its serving provider reported, and its trace.
 *
 * @param usage the usage found in the serving attempt's answer or stream
 * @param trace its spans ({@link ExchangeTrace#OFF} when tracing is off or the request is not sampled)
 */
record Metering(UsageScan usage, ExchangeTrace trace) {
}
