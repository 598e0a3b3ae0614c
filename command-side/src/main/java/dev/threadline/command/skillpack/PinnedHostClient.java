package dev.threadline.command.skillpack;

import dev.threadline.events.DomainException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Every outbound request of skill import goes through here: to a pinned base URL only, with path segments that are
 * percent-encoded (so no input can change the host or climb the path), no redirects followed, bounded time and a
 * bounded answer size.
 */
final class PinnedHostClient {

    /** One answer: its status, body (null when over the size cap) and rate-limit header. */
    record Answer(int status, String body, String rateLimitRemaining) {}

    private final HttpClient http;
    private final GitHubSettings settings;

    PinnedHostClient(GitHubSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.connectTimeout())
                .build();
    }

    /** GET {@code base}/{segments…}{query}, answering at most {@code maxBytes} of body. */
    Answer get(URI base, List<String> segments, String query, int maxBytes) {
        URI uri = URI.create(base.toString().replaceAll("/+$", "") + "/"
                + segments.stream().map(PinnedHostClient::encode).collect(Collectors.joining("/"))
                + (query == null ? "" : "?" + query));
        if (!Objects.equals(uri.getHost(), base.getHost())
                || uri.getPort() != base.getPort()
                || !Objects.equals(uri.getScheme(), base.getScheme())) {
            throw new IllegalStateException("Refusing a request off the pinned host " + base.getHost());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(settings.timeout())
                .header("User-Agent", "Threadline skill import")
                .header("Accept", base.equals(settings.apiBase()) ? "application/vnd.github+json" : "*/*");
        if (settings.token() != null && !settings.token().isBlank()) {
            request.header("Authorization", "Bearer " + settings.token());
        }
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                byte[] bytes = body.readNBytes(maxBytes + 1);
                return new Answer(
                        response.statusCode(),
                        bytes.length > maxBytes ? null : new String(bytes, StandardCharsets.UTF_8),
                        response.headers().firstValue("x-ratelimit-remaining").orElse(null));
            }
        } catch (HttpTimeoutException e) {
            throw new DomainException(DomainException.Code.UPSTREAM_FAILED, "GitHub did not answer in time");
        } catch (IOException e) {
            throw new DomainException(DomainException.Code.UPSTREAM_FAILED, "GitHub could not be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DomainException(DomainException.Code.UPSTREAM_FAILED, "Interrupted while asking GitHub");
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
