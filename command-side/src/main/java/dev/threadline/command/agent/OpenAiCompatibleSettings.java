package dev.threadline.command.agent;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach an OpenAI-compatible chat-completions provider (OpenAI, OpenRouter, vLLM, Ollama).
 *
 * @param baseUrl the API root, e.g. {@code https://openrouter.ai/api/v1}; requests go to {@code
 *     {baseUrl}/chat/completions}
 * @param apiKey sent as a bearer token when not blank; never logged or printed
 * @param defaultModel the model used when a request does not name one
 * @param connectTimeout how long to wait for the TCP connection (null: 10 s)
 * @param responseTimeout the longest silence allowed while waiting for the response or between two chunks of the
 *     stream (null: 120 s)
 */
public record OpenAiCompatibleSettings(
        URI baseUrl, String apiKey, String defaultModel, Duration connectTimeout, Duration responseTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(120);

    public OpenAiCompatibleSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (baseUrl.getScheme() == null || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL");
        }
        connectTimeout = positiveOr(connectTimeout, DEFAULT_CONNECT_TIMEOUT, "connectTimeout");
        responseTimeout = positiveOr(responseTimeout, DEFAULT_RESPONSE_TIMEOUT, "responseTimeout");
    }

    /** Settings with the default timeouts. */
    public OpenAiCompatibleSettings(URI baseUrl, String apiKey, String defaultModel) {
        this(baseUrl, apiKey, defaultModel, null, null);
    }

    /** The chat-completions endpoint under {@link #baseUrl()}. */
    public URI chatCompletionsUri() {
        String base = baseUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/chat/completions");
    }

    public boolean hasApiKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    /** Masks the API key so the settings can be logged. */
    @Override
    public String toString() {
        return "OpenAiCompatibleSettings[baseUrl=" + baseUrl + ", apiKey=" + (hasApiKey() ? "****" : "<none>")
                + ", defaultModel=" + defaultModel + ", connectTimeout=" + connectTimeout + ", responseTimeout="
                + responseTimeout + "]";
    }

    private static Duration positiveOr(Duration value, Duration fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return value;
    }
}
