package dev.threadline.app.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.redisson.api.RedissonClient;

/** Redis buses for tests, on the machine's Redis (127.0.0.1:6379, see {@link RedisForTests}) or a private one. */
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
                Duration.ofSeconds(5),
                Duration.ofSeconds(2),
                64,
                256,
                1024);
    }

    static RedissonClient client(LiveSettings settings, List<RedissonClient> opened) {
        RedissonClient client = LiveConfiguration.redisClient(settings, "test", 16);
        opened.add(client);
        return client;
    }

    /** A node's Redis bus: its own producer, follower and reader clients, added to {@code opened} for shutting down. */
    static RedisLiveBus bus(LiveSettings settings, List<RedissonClient> opened) {
        RedissonClient producer = client(settings, opened);
        return new RedisLiveBus(
                producer,
                client(settings, opened),
                client(settings, opened),
                new ObjectMapper(),
                settings,
                new RedisTurnLeases(producer, settings, Clock.systemUTC()));
    }
}
