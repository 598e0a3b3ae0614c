package dev.threadline.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The app as README command 1 runs it ({@code java -Xmx192m -XX:+UseSerialGC -jar app/target/threadline-exec.jar}), in its own process,
 * so that a test can measure it or kill it like a crashed server. Its log goes to {@code app.log} in its data directory.
 */
final class AppProcess {

    private static final Duration STARTUP_LIMIT = Duration.ofMinutes(2);

    final Process process;
    final String base;
    final long startupMillis;

    private AppProcess(Process process, String base, long startupMillis) {
        this.process = process;
        this.base = base;
        this.startupMillis = startupMillis;
    }

    /** Starts the app on a free port with its data under {@code data}, and waits until its health is UP. */
    static AppProcess start(Path data, List<String> jvmOptions, List<String> arguments) throws Exception {
        Path jar = Path.of("..", "app", "target", "threadline-exec.jar")
                .toAbsolutePath()
                .normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Build the app first: ./mvnw -q -DskipTests package (" + jar + ")");
        }
        return start(jar, data, jvmOptions, arguments);
    }

    /** Starts the app of another build ({@code jar}), e.g. a baseline a benchmark compares with. */
    static AppProcess start(Path jar, Path data, List<String> jvmOptions, List<String> arguments) throws Exception {
        if (!Files.exists(jar)) {
            throw new IllegalStateException("No such jar: " + jar);
        }
        int port = freePort();
        long start = System.nanoTime();
        List<String> command = new ArrayList<>(List.of("java", "-Xmx192m", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--threadline.data-dir=" + data));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(
                        ProcessBuilder.Redirect.appendTo(data.resolve("app.log").toFile()))
                .start();
        String base = "http://127.0.0.1:" + port;
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(STARTUP_LIMIT);
        while (!healthy(client, base)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                process.destroyForcibly();
                throw new IllegalStateException("The app did not start; see " + data.resolve("app.log"));
            }
            Thread.sleep(50);
        }
        return new AppProcess(process, base, (System.nanoTime() - start) / 1_000_000);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    long residentMegabytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    /** Stops it the way an operator would: SIGTERM, graceful shutdown. */
    void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** Kills it the way a crash would: SIGKILL, nothing runs on the way out. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    private static boolean healthy(HttpClient client, String base) throws InterruptedException {
        try {
            HttpResponse<String> health = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }
}
