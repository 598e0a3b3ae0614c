package dev.threadline.e2e;

import dev.threadline.app.ThreadlineApplication;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

/** The assembled application on a random port, as a user reaches it: over HTTP. */
final class RunningApp implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    final String baseUrl;
    final WebClient http;

    private RunningApp(ConfigurableApplicationContext context) {
        this.context = context;
        this.baseUrl = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
        this.http = WebClient.builder()
                .baseUrl(baseUrl)
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
                .build();
    }

    /** Starts on the embedded store kept in {@code dataDirectory}, with extra properties. */
    static RunningApp start(Path dataDirectory, Map<String, Object> properties) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("server.port", 0);
        all.put("threadline.data-dir", dataDirectory.toString());
        all.put("threadline.store.uri", "");
        all.put("threadline.agent.scripted.pace", "1ms");
        // Reads that wait for a version give a loaded machine's projections time rather than answering "not ready".
        all.put("threadline.queries.max-wait", "30s");
        all.putAll(properties);
        // As command-line arguments, so they win over application.yml like a user's flags would.
        String[] arguments = all.entrySet().stream()
                .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context =
                new SpringApplicationBuilder(ThreadlineApplication.class).run(arguments);
        return new RunningApp(context);
    }

    /** A bearer token for {@code userId}, minted through the development endpoint. */
    String tokenFor(String userId) {
        Map<?, ?> minted = http.post()
                .uri("/api/dev/token")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("userId", userId))
                .retrieve()
                .bodyToMono(Map.class)
                .block(Duration.ofSeconds(10));
        return (String) minted.get("token");
    }

    /** A bean of the running app, for benchmarks that measure below the HTTP surface. */
    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    <T> T bean(String name, Class<T> type) {
        return context.getBean(name, type);
    }

    @Override
    public void close() {
        context.close();
    }
}
