package dev.threadline.app.live;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;

/**
 * A private redis-server on its own port, which a test can stop and start again like an outage. Needs the
 * {@code redis-server} binary (installed with Redis; CI installs it when Redis is missing) and fails without it.
 */
final class RedisServerProcess implements AutoCloseable {

    final int port;
    private Process process;

    private RedisServerProcess(int port) {
        this.port = port;
    }

    static RedisServerProcess onFreePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return new RedisServerProcess(socket.getLocalPort());
        }
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    RedisServerProcess start() throws IOException {
        process = new ProcessBuilder(
                        "redis-server",
                        "--port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!answers()) {
            if (Instant.now().isAfter(deadline) || !process.isAlive()) {
                throw new IllegalStateException("redis-server did not start on port " + port);
            }
            sleepBriefly();
        }
        return this;
    }

    /** Makes the server hold every client's commands for a while, like a stall, keeping its data. */
    void pause(Duration duration) throws IOException, InterruptedException {
        Process pause = new ProcessBuilder(
                        "redis-cli",
                        "-p",
                        Integer.toString(port),
                        "CLIENT",
                        "PAUSE",
                        Long.toString(duration.toMillis()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (pause.waitFor() != 0) {
            throw new IllegalStateException("redis-cli could not pause the server");
        }
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private boolean answers() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
