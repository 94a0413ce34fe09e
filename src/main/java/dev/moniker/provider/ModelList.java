package dev.moniker.provider;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** A provider's {@code GET /models} answer, typed: OpenAI's and Anthropic's share {@code data[].id}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelList(List<Entry> data) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String id) {
    }
}
