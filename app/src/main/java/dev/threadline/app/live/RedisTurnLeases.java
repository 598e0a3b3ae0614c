package dev.threadline.app.live;

import dev.threadline.events.conversation.ConversationId;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RedissonClient;

/**
 * Who is still running which turn. A node holds a lease (a score in one sorted set: the time it runs out) on each
 * turn it runs and renews them all every few seconds; a lease that ran out belongs to a node that died mid-turn.
 * Exactly one node claims each expired lease, by removing it. A node that could not reach Redis claims nothing until
 * it has reached it for a whole lease period: the turn's own node may not have renewed its lease yet either.
 */
final class RedisTurnLeases {

    static final String KEY = "threadline:live-turns";

    private final RedissonClient redis;
    private final LiveSettings settings;
    private final Clock clock;
    private final Set<ConversationId> running = ConcurrentHashMap.newKeySet();
    private volatile long lastFailure;

    RedisTurnLeases(RedissonClient redis, LiveSettings settings, Clock clock) {
        this.redis = redis;
        this.settings = settings;
        this.clock = clock;
    }

    CompletionStage<Void> hold(ConversationId conversation) {
        running.add(conversation);
        return leases().addAsync(expiry(), conversation.value()).thenApply(added -> null);
    }

    CompletionStage<Void> release(ConversationId conversation) {
        running.remove(conversation); // whether or not Redis hears of it, this node no longer renews the lease
        return leases().removeAsync(conversation.value()).thenApply(removed -> null);
    }

    /** Puts back a claimed lease as already expired, so that the next look for crashed turns tries it again. */
    CompletionStage<Void> expireNow(ConversationId conversation) {
        return leases().addAsync(clock.millis(), conversation.value()).thenApply(added -> null);
    }

    /** Extends the leases of the turns this node runs. */
    CompletionStage<Void> renew() {
        if (running.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        double expiry = expiry();
        CompletableFuture<?>[] renewals = running.stream()
                .map(conversation ->
                        leases().addAsync(expiry, conversation.value()).toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        return watched(CompletableFuture.allOf(renewals));
    }

    /** The conversations whose lease ran out and that this node claimed: their turns are its to recover. */
    CompletionStage<List<ConversationId>> claimExpired() {
        if (clock.millis() - lastFailure < settings.lease().toMillis()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return watched(leases().valueRangeAsync(0, true, clock.millis(), true).thenCompose(this::claimEach));
    }

    /** Notes when Redis could not be reached. */
    private <T> CompletionStage<T> watched(CompletionStage<T> call) {
        return call.whenComplete((result, error) -> {
            if (error != null) {
                lastFailure = clock.millis();
            }
        });
    }

    private CompletionStage<List<ConversationId>> claimEach(Collection<String> expired) {
        // A lease of this node's own running turn ran out only because a renewal was late: the turn is alive.
        List<CompletableFuture<ConversationId>> claims = expired.stream()
                .filter(value -> !running.contains(new ConversationId(value)))
                .map(value -> leases().removeAsync(value)
                        .thenApply(claimed -> claimed ? new ConversationId(value) : null)
                        .toCompletableFuture())
                .toList();
        return CompletableFuture.allOf(claims.toArray(CompletableFuture[]::new)).thenApply(done -> claims.stream()
                .map(CompletableFuture::join)
                .filter(conversation -> conversation != null)
                .toList());
    }

    private double expiry() {
        return clock.millis() + settings.lease().toMillis();
    }

    private RScoredSortedSet<String> leases() {
        return redis.getScoredSortedSet(KEY);
    }
}
