package dev.threadline.app.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.command.conversation.InterruptedTurns;
import java.time.Clock;
import java.time.Duration;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.EqualJitterDelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The live bus: in-process by default, Redis Streams when {@code threadline.live.redis-url} (REDIS_URL) is set. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LiveSettings.class)
class LiveConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LiveConfiguration.class);
    private static final String REDIS_SET = "'${threadline.live.redis-url:}' != ''";
    private static final EqualJitterDelay RECONNECTION_BACKOFF =
            new EqualJitterDelay(Duration.ofMillis(100), Duration.ofSeconds(1));

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression("!(" + REDIS_SET + ")")
    static class InProcess {

        @Bean
        InProcessLiveBus inProcessLiveBus(LiveSettings settings) {
            log.info("Live follow is in-process: followers must use this node (set REDIS_URL to share across nodes)");
            return new InProcessLiveBus(settings.maxFrames(), settings.streamTtl(), Clock.systemUTC());
        }

        @Bean(destroyMethod = "dispose")
        Disposable idleLiveStreamsForgotten(InProcessLiveBus bus) {
            return Flux.interval(Duration.ofMinutes(1)).subscribe(tick -> bus.forgetIdle());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression(REDIS_SET)
    static class Redis {

        @Bean(destroyMethod = "shutdown")
        RedissonClient liveProducerClient(LiveSettings settings) {
            return redisClient(settings, "producer", settings.producerConnections());
        }

        @Bean(destroyMethod = "shutdown")
        RedissonClient liveFollowerClient(LiveSettings settings) {
            return redisClient(settings, "follower", settings.followerConnections());
        }

        @Bean(destroyMethod = "shutdown")
        RedissonClient liveReaderClient(LiveSettings settings) {
            return redisClient(settings, "reader", settings.readerConnections());
        }

        @Bean
        RedisTurnLeases redisTurnLeases(RedissonClient liveProducerClient, LiveSettings settings) {
            return new RedisTurnLeases(liveProducerClient, settings, Clock.systemUTC());
        }

        @Bean(destroyMethod = "close")
        RedisLiveBus redisLiveBus(
                RedissonClient liveProducerClient,
                RedissonClient liveFollowerClient,
                RedissonClient liveReaderClient,
                ObjectMapper json,
                LiveSettings settings,
                RedisTurnLeases leases) {
            log.info("Live follow uses Redis Streams at {}", redactedUrl(settings.redisUrl()));
            return new RedisLiveBus(liveProducerClient, liveFollowerClient, liveReaderClient, json, settings, leases);
        }

        @Bean
        CrashedTurnRecovery crashedTurnRecovery(RedisLiveBus bus, RedisTurnLeases leases, InterruptedTurns turns) {
            return new CrashedTurnRecovery(bus, leases, turns);
        }

        /**
         * Renews this node's leases and recovers crashed nodes' turns, from start-up on, on schedules of their own: a
         * slow recovery must never hold up a renewal, or this node's own running turns would look crashed to others.
         */
        @Bean(destroyMethod = "dispose")
        Disposable turnLeaseKeeping(RedisTurnLeases leases, CrashedTurnRecovery recovery, LiveSettings settings) {
            Duration period = settings.lease().dividedBy(3);
            Disposable renewing = every(period, Mono.fromCompletionStage(leases::renew));
            Disposable recovering = every(period, recovery.recoverExpired());
            return Disposables.composite(renewing, recovering);
        }

        /** Runs {@code work} now and then every {@code period}, one run at a time; a failed run waits for the next. */
        private static Disposable every(Duration period, Mono<?> work) {
            return Flux.interval(Duration.ZERO, period)
                    .onBackpressureDrop()
                    .concatMap(tick -> work.onErrorResume(error -> Mono.empty()))
                    .subscribe();
        }

        private static String redactedUrl(String url) {
            return url.replaceAll("//[^@/]*@", "//***@");
        }
    }

    /**
     * The wait before a dropped connection's next reconnection attempt: 100 ms doubling to 1 s, with jitter. Redisson
     * backs off up to 10 s by default, so a pooled connection could stay dead that long after Redis returns and fail
     * the turns that draw it. Its strategies also compute 2^attempt before the cap, which overflows at the 57th attempt
     * (about 40 s into an outage at this cap, 6 min at the default) and ends reconnecting for good, so the attempt is
     * bounded first.
     */
    static Duration reconnectionDelay(int attempt) {
        return RECONNECTION_BACKOFF.calcDelay(Math.min(attempt, 4));
    }

    static RedissonClient redisClient(LiveSettings settings, String role, int connections) {
        Config config = new Config();
        config.setCodec(StringCodec.INSTANCE);
        // Start even when Redis is down: turns still run, following says it is unavailable, and both come back.
        config.setLazyInitialization(true);
        config.useSingleServer()
                .setAddress(settings.redisUrl())
                .setClientName("threadline-live-" + role)
                .setConnectionPoolSize(connections)
                .setConnectionMinimumIdleSize(Math.min(4, connections))
                .setConnectTimeout(2_000)
                .setTimeout(3_000)
                .setRetryAttempts(1)
                .setReconnectionDelay(LiveConfiguration::reconnectionDelay)
                .setPingConnectionInterval(30_000);
        return Redisson.create(config);
    }
}
