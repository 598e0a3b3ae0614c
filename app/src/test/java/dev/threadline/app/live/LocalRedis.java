package dev.threadline.app.live;

import java.time.Duration;
import java.util.List;
import org.redisson.api.RedissonClient;

/** The machine's Redis (127.0.0.1:6379, started by CI when none answers) for the tests of the Redis bus. */
final class LocalRedis {

    static final String URL = "redis://127.0.0.1:6379";

    private LocalRedis() {}

    /** The production defaults, but short blocking reads and leases so that tests finish quickly. */
    static LiveSettings settings(String url, int maxFrames) {
        return new LiveSettings(
                url,
                maxFrames,
                Duration.ofHours(6),
                Duration.ofMinutes(10),
                Duration.ofSeconds(2),
                100,
                Duration.ofSeconds(2),
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
