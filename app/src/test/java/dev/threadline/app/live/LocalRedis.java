package dev.threadline.app.live;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.redisson.api.RedissonClient;

/**
 * The machine's Redis (127.0.0.1:6379) for the tests of the Redis bus. CI starts one and sets
 * {@code THREADLINE_TEST_REDIS=required}, so there a missing Redis fails these tests; elsewhere they are skipped with
 * a message saying why, so that {@code ./mvnw verify} also passes on a machine with only a JDK.
 */
final class LocalRedis {

    static final String URL = "redis://127.0.0.1:6379";

    private LocalRedis() {}

    /** Redis must answer on 127.0.0.1:6379. */
    static void required() {
        require(answers(6379), "Redis does not answer on 127.0.0.1:6379");
    }

    /** The redis-server binary must be installed, for tests that run private servers. */
    static void serverBinaryRequired() {
        boolean installed;
        try {
            installed = new ProcessBuilder("redis-server", "--version")
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start()
                            .waitFor()
                    == 0;
        } catch (IOException | InterruptedException e) {
            installed = false;
        }
        require(installed, "redis-server is not installed");
    }

    private static void require(boolean available, String problem) {
        if (available) {
            return;
        }
        if ("required".equals(System.getenv("THREADLINE_TEST_REDIS"))) {
            Assertions.fail(problem + " (THREADLINE_TEST_REDIS=required)");
        }
        Assumptions.abort(problem + ": skipped here; CI runs it");
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The production defaults, but short blocking reads and leases so that tests finish quickly. */
    static LiveSettings settings(String url, int maxFrames) {
        return new LiveSettings(
                url,
                maxFrames,
                Duration.ofHours(6),
                Duration.ofMinutes(10),
                Duration.ofSeconds(2),
                100,
                Duration.ofSeconds(5),
                Duration.ofSeconds(2),
                64,
                256);
    }

    static RedissonClient client(LiveSettings settings, List<RedissonClient> opened) {
        RedissonClient client = LiveConfiguration.redisClient(settings, "test", 16);
        opened.add(client);
        return client;
    }
}
