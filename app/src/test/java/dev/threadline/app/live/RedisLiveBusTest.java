package dev.threadline.app.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.events.live.LiveBus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.redisson.api.RedissonClient;

/** The contract on Redis Streams: needs Redis on 127.0.0.1:6379 (CI starts one) and fails without it. */
class RedisLiveBusTest extends LiveBusContract {

    private final List<RedissonClient> clients = new ArrayList<>();

    @BeforeAll
    static void redisRunning() {
        LocalRedis.required();
    }

    @Override
    LiveBus bus(int maxFrames) {
        LiveSettings settings = LocalRedis.settings(LocalRedis.URL, maxFrames);
        RedissonClient producer = LocalRedis.client(settings, clients);
        RedissonClient follower = LocalRedis.client(settings, clients);
        return new RedisLiveBus(
                producer,
                follower,
                new ObjectMapper(),
                settings,
                new RedisTurnLeases(producer, settings, Clock.systemUTC()));
    }

    @AfterEach
    void shutdown() {
        clients.forEach(RedissonClient::shutdown);
    }
}
