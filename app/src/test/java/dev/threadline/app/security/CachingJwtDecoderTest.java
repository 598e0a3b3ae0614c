package dev.threadline.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threadline.app.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import reactor.core.publisher.Mono;

class CachingJwtDecoderTest {

    private static final Instant ISSUED = Instant.parse("2026-12-07T08:00:00Z");
    private static final Instant EXPIRES = ISSUED.plus(Duration.ofHours(1));

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger verifications = new AtomicInteger();

    /** Verifies like the real decoder: rejects "forged", and anything past its expiry (with 60 s of leeway). */
    @BeforeEach
    void issuedNow() {
        clock.now = ISSUED;
    }

    private CachingJwtDecoder decoder(Instant expiresAt) {
        return new CachingJwtDecoder(
                token -> {
                    verifications.incrementAndGet();
                    if (token.equals("forged")
                            || (expiresAt != null && clock.instant().isAfter(expiresAt.plusSeconds(60)))) {
                        return Mono.error(new BadJwtException("Invalid token"));
                    }
                    Jwt.Builder jwt = Jwt.withTokenValue(token)
                            .header("alg", "HS256")
                            .subject("ada")
                            .issuedAt(ISSUED);
                    return Mono.just(
                            expiresAt == null
                                    ? jwt.build()
                                    : jwt.expiresAt(expiresAt).build());
                },
                clock);
    }

    @Test
    void givenAValidToken_whenItIsSentAgain_thenItIsVerifiedOnce() {
        CachingJwtDecoder decoder = decoder(EXPIRES);

        Jwt first = decoder.decode("token").block();
        Jwt second = decoder.decode("token").block();

        assertThat(second).isSameAs(first);
        assertThat(second.getSubject()).isEqualTo("ada");
        assertThat(verifications).hasValue(1);
    }

    @Test
    void givenAVerifiedToken_whenItExpires_thenItIsVerifiedAgainAndRejected() {
        CachingJwtDecoder decoder = decoder(EXPIRES);
        decoder.decode("token").block();

        clock.now = EXPIRES.plusSeconds(61);

        assertThatThrownBy(() -> decoder.decode("token").block()).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void givenAVerifiedToken_whenItIsPastItsExpiryWithinTheVerifiersLeeway_thenItIsVerifiedAgain() {
        CachingJwtDecoder decoder = decoder(EXPIRES);
        decoder.decode("token").block();

        clock.now = EXPIRES.plusSeconds(1);
        decoder.decode("token").block();

        assertThat(verifications).hasValue(2);
    }

    @Test
    void givenAVerifiedToken_whenItWasVerifiedLongerAgoThanTheReuseLimit_thenItIsVerifiedAgain() {
        CachingJwtDecoder decoder = decoder(EXPIRES);
        decoder.decode("token").block();

        clock.now = ISSUED.plus(CachingJwtDecoder.REUSE).minusSeconds(1);
        decoder.decode("token").block();
        assertThat(verifications).hasValue(1);

        clock.now = ISSUED.plus(CachingJwtDecoder.REUSE);
        decoder.decode("token").block();
        assertThat(verifications).hasValue(2);
    }

    @Test
    void givenARejectedToken_whenItIsSentAgain_thenItIsVerifiedAgain() {
        CachingJwtDecoder decoder = decoder(EXPIRES);

        assertThatThrownBy(() -> decoder.decode("forged").block()).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("forged").block()).isInstanceOf(BadJwtException.class);

        assertThat(verifications).hasValue(2);
    }

    @Test
    void givenATokenWithoutExpiry_whenItIsSentAgain_thenItIsVerifiedEachTime() {
        CachingJwtDecoder decoder = decoder(null);

        decoder.decode("token").block();
        decoder.decode("token").block();

        assertThat(verifications).hasValue(2);
    }

    @Test
    void givenMoreTokensThanTheCacheHolds_whenTheOldestIsSentAgain_thenOnlyItIsVerifiedAgain() {
        CachingJwtDecoder decoder = decoder(EXPIRES);
        for (int i = 0; i <= CachingJwtDecoder.CAPACITY; i++) {
            decoder.decode("token-" + i).block();
        }

        decoder.decode("token-0").block();
        decoder.decode("token-" + CachingJwtDecoder.CAPACITY).block();

        assertThat(verifications).hasValue(CachingJwtDecoder.CAPACITY + 2);
    }
}
