package dev.threadline.app.live;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;

/**
 * A private redis-server on its own port, which a test can stop, pause and start again like an outage, without
 * disturbing or seeing other users of the machine's Redis. Needs the {@code redis-server} binary
 * ({@link RedisForTests#installed()}).
 */
public final class RedisServerProcess implements AutoCloseable {

    private final int port;
    private Process process;

    private RedisServerProcess(int port) {
        this.port = port;
    }

    public static RedisServerProcess onFreePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return new RedisServerProcess(socket.getLocalPort());
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public RedisServerProcess start() throws IOException {
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
    public void pause(Duration duration) throws IOException, InterruptedException {
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

    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
            process = null;
        }
    }

    /** The server's process id, while it runs. */
    public long pid() {
        return process.pid();
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
