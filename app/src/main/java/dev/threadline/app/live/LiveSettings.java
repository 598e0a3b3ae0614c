package dev.threadline.app.live;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The live bus's settings ({@code threadline.live.*}). Without a Redis URL the bus is in-process (one node). The
 * defaults are the reference system's (streams trimmed to about 4,000 frames and kept 6 hours, a live-turn marker of
 * 10 minutes, reads in batches of 100, pools of 64 producer and 256 follower connections), except that blocking reads
 * last 5 s rather than 15 s: a read parked on a dead connection is only noticed when it is overdue, and followers
 * should hear within seconds that live updates stopped; and that the blocking reads have a pool of their own (each
 * followed conversation holds one of its connections), so that however many conversations a node follows, replays
 * and marker reads never wait behind them. The reader pool bounds how many conversations one node follows at once.
 */
@ConfigurationProperties("threadline.live")
record LiveSettings(
        @DefaultValue("") String redisUrl,
        @DefaultValue("4000") int maxFrames,
        @DefaultValue("6h") Duration streamTtl,
        @DefaultValue("10m") Duration markerTtl,
        @DefaultValue("5s") Duration block,
        @DefaultValue("100") int readBatch,
        @DefaultValue("5s") Duration readyTimeout,
        @DefaultValue("15s") Duration lease,
        @DefaultValue("64") int producerConnections,
        @DefaultValue("256") int followerConnections,
        @DefaultValue("1024") int readerConnections) {

    boolean usesRedis() {
        return redisUrl != null && !redisUrl.isBlank();
    }
}
