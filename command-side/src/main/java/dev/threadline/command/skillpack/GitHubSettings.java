package dev.threadline.command.skillpack;

import java.net.URI;
import java.time.Duration;

/**
 * The only hosts skill import contacts, and how. The bases are fixed by configuration, never by user input.
 *
 * @param token sent to both hosts when set (GITHUB_TOKEN: 5,000 API requests an hour instead of 60)
 */
public record GitHubSettings(URI apiBase, URI rawBase, String token, Duration connectTimeout, Duration timeout) {

    public static final URI API = URI.create("https://api.github.com");
    public static final URI RAW = URI.create("https://raw.githubusercontent.com");
}
