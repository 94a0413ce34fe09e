package dev.moniker.guardrail;

/**
 * Something a detector found in a text: what it is, where it is. Never carries the matched text itself, so a finding
 * can be logged, counted and named in an error without leaking what it found.
 *
 * @param category {@code PII}, {@code secret}, {@code profanity} or {@code jailbreak}
 * @param type     the kind of entity: {@code email_address}, {@code credit_card_number}, {@code openai_api_key}, ...
 * @param start    offset of the first character
 * @param end      offset after the last character
 */
public record Finding(String category, String type, int start, int end) {

    /** The kind as people read it: {@code credit card number}. */
    public String kind() {
        return type.replace('_', ' ');
    }
}
