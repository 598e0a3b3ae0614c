package dev.threadline.app.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Verifies each distinct bearer token once and reuses the result until the token expires. A client sends the same
 * token with every request, and checking its signature and claims again each time was about 6% of a posted message's
 * work. A token is only reused between its not-before and its expiry, by the same rules the verifier applies (without
 * its clock-skew leeway), and for at most {@link #REUSE} after it was verified, so reuse adds at most that to how long
 * a token signed with a key the provider withdraws stays accepted. One without an expiry is verified every time.
 *
 * <p>Reuse is keyed on the token alone: a verifier whose checks depend on the request as well (certificate-bound
 * tokens, DPoP) must not be wrapped in this.
 */
final class CachingJwtDecoder implements ReactiveJwtDecoder {

    static final int CAPACITY = 4096;
    static final Duration REUSE = Duration.ofMinutes(5);

    private final ReactiveJwtDecoder verifier;
    private final Clock clock;
    private final Map<String, Verified> verified = new LinkedHashMap<>(CAPACITY, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Verified> eldest) {
            return size() > CAPACITY;
        }
    };

    CachingJwtDecoder(ReactiveJwtDecoder verifier, Clock clock) {
        this.verifier = verifier;
        this.clock = clock;
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Verified known;
        synchronized (verified) {
            known = verified.get(token);
        }
        if (known != null && known.inForce(clock.instant())) {
            return Mono.just(known.jwt());
        }
        return verifier.decode(token).doOnNext(jwt -> {
            if (jwt.getExpiresAt() != null) {
                synchronized (verified) {
                    verified.put(token, new Verified(jwt, clock.instant().plus(REUSE)));
                }
            }
        });
    }

    private record Verified(Jwt jwt, Instant reusableUntil) {
        boolean inForce(Instant now) {
            return now.isBefore(reusableUntil)
                    && now.isBefore(jwt.getExpiresAt())
                    && (jwt.getNotBefore() == null || !now.isBefore(jwt.getNotBefore()));
        }
    }
}
