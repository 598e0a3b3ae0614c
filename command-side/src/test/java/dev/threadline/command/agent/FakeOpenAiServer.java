package dev.threadline.command.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A chat-completions endpoint on 127.0.0.1 that answers each request with the next queued script, writing real
 * {@code data: ...\n\n} framing and flushing after every write so each write leaves as its own HTTP chunk.
 */
final class FakeOpenAiServer implements AutoCloseable {

    /** What the server received. Header names are lower-case. */
    record Received(String method, String path, Map<String, List<String>> headers, String body) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase());
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    @FunctionalInterface
    interface Script {
        void respond(Response response) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ConcurrentLinkedQueue<Script> scripts = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Throwable> scriptFailures = new CopyOnWriteArrayList<>();

    FakeOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL an agent should be configured with. */
    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1");
    }

    FakeOpenAiServer enqueue(Script script) {
        scripts.add(script);
        return this;
    }

    List<Received> received() {
        return received;
    }

    List<Throwable> scriptFailures() {
        return scriptFailures;
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new java.util.HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), List.copyOf(values)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(
                exchange.getRequestMethod(), exchange.getRequestURI().getPath(), Map.copyOf(headers), body));
        Script script = scripts.poll();
        Response response = new Response(exchange);
        try {
            if (script == null) {
                response.status(599, "{\"error\":{\"message\":\"no script for this request\"}}");
            } else {
                script.respond(response);
            }
        } catch (InterruptedException e) {
            // the server is shutting down
        } catch (Exception | Error e) {
            scriptFailures.add(e);
        } finally {
            try {
                exchange.close();
            } catch (RuntimeException e) {
                // a deliberately truncated body refuses to close cleanly; the connection is dropped either way
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** The response being written by a script. */
    static final class Response {
        private final HttpExchange exchange;
        private OutputStream out;

        Response(HttpExchange exchange) {
            this.exchange = exchange;
        }

        /** Starts a chunked {@code text/event-stream} response. */
        Response startStream() throws IOException {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            out = exchange.getResponseBody();
            return this;
        }

        /**
         * Starts a stream that announces far more bytes than will be written, so closing it early drops the
         * connection instead of ending the body cleanly.
         */
        Response startTruncatedStream() throws IOException {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 1_000_000);
            out = exchange.getResponseBody();
            return this;
        }

        /** One SSE event: {@code data: <json>\n\n}. */
        Response data(String json) throws IOException {
            return raw("data: " + json + "\n\n");
        }

        Response done() throws IOException {
            return data("[DONE]");
        }

        /** Writes the text as is and flushes it as its own chunk. */
        Response raw(String text) throws IOException {
            return raw(text.getBytes(StandardCharsets.UTF_8));
        }

        Response raw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
            return this;
        }

        /** Writes the text in two flushed pieces split at {@code byteOffset}, with a pause in between. */
        Response split(String text, int byteOffset) throws Exception {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            raw(java.util.Arrays.copyOfRange(bytes, 0, byteOffset));
            pause(60);
            return raw(java.util.Arrays.copyOfRange(bytes, byteOffset, bytes.length));
        }

        Response pause(long millis) throws InterruptedException {
            Thread.sleep(millis);
            return this;
        }

        /** A complete non-streaming response. */
        void status(int status, String json) throws IOException {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(bytes);
            }
        }
    }
}
