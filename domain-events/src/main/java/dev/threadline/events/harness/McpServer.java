package dev.threadline.events.harness;

import dev.threadline.events.credential.SealedSecret;
import java.util.List;
import java.util.Objects;

/**
 * An MCP server a harness connects to. A bearer token is a secret and is only ever held sealed; the URL is the
 * owner's infrastructure and is never shown to anyone else.
 *
 * @param authType {@code none}, {@code bearer}, {@code oauth} or {@code tiger_junction}
 */
public record McpServer(String name, String url, String authType, SealedSecret authToken, List<String> commandIds) {

    public McpServer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(authType, "authType");
        commandIds = commandIds == null ? List.of() : List.copyOf(commandIds);
    }
}
