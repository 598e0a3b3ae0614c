package dev.threadline.app.live;

import java.io.IOException;
import java.net.Socket;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What the Redis tests need from the machine (these and the end-to-end ones reuse it). CI starts Redis and sets
 * {@code THREADLINE_TEST_REDIS=required}: there, a missing Redis fails them; elsewhere they are skipped with the
 * reason, so that {@code ./mvnw verify} also passes on a machine with only a JDK.
 */
public final class RedisForTests {

    private RedisForTests() {}

    /** Redis must answer on 127.0.0.1:6379. */
    public static void answering() {
        boolean answers;
        try (Socket socket = new Socket("127.0.0.1", 6379)) {
            answers = true;
        } catch (IOException e) {
            answers = false;
        }
        require(answers, "Redis does not answer on 127.0.0.1:6379");
    }

    /** The redis-server binary must be installed, for tests that run private servers. */
    public static void installed() {
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
        if (!available && "required".equals(System.getenv("THREADLINE_TEST_REDIS"))) {
            Assertions.fail(problem + " (THREADLINE_TEST_REDIS=required)");
        }
        Assumptions.assumeTrue(available, problem + ": skipped here; CI runs it");
    }
}
